using System.Security.Cryptography;
using System.Text;
using DataSearch.Progress;

namespace DataSearch.Models;

/// <summary>
/// Builds the base model (pre-trained on a corpus of plain lines) once and keeps it in a cache folder,
/// keyed by a hash of everything that determines it: the corpus, the model's shape and the
/// pre-training options. A later call with the same inputs loads it instead of training again.
/// </summary>
public static class BaseModelCache
{
    /// <summary>Bumped when the model code changes in a way that invalidates cached weights.</summary>
    public const int CodeVersion = 2;

    /// <summary>The default cache folder: <c>$DATASEARCH_CACHE</c>, else <c>$XDG_CACHE_HOME/datasearch</c>, else <c>~/.cache/datasearch</c>.</summary>
    public static string DefaultFolder()
    {
        var configured = Environment.GetEnvironmentVariable("DATASEARCH_CACHE");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
        return Path.Combine(root, "datasearch");
    }

    /// <summary>The cache key of a base model.</summary>
    public static string Key(IReadOnlyList<string> corpus, GptConfig model, TrainingOptions pretraining)
    {
        var text = new StringBuilder();
        text.Append($"v{CodeVersion}|{model}|{pretraining}\n");
        foreach (var line in corpus)
        {
            text.Append(line).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    /// <summary>Loads the cached base model, or pre-trains and caches it.</summary>
    public static (LanguageModel Model, string Path, bool Built) GetOrBuild(
        IReadOnlyList<string> corpus,
        GptConfig model,
        TrainingOptions pretraining,
        string cacheFolder,
        IProgress<ProgressReport>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(cacheFolder, $"base-{Key(corpus, model, pretraining)}.ckpt");
        if (File.Exists(path + ".json"))
        {
            return (LanguageModel.Load(path), path, false);
        }

        var fresh = LanguageModel.Create(model, pretraining.Seed);
        fresh.Train(Documents(corpus, model.Context), pretraining, progress, cancellationToken, stage: "pre-train base model");
        fresh.Save(path);
        return (fresh, path, true);
    }

    /// <summary>Corpus lines as next-token-prediction examples (loss on every token), cut to the context.</summary>
    public static List<TokenizedExample> Documents(IReadOnlyList<string> corpus, int context)
    {
        var examples = new List<TokenizedExample>();
        foreach (var line in corpus)
        {
            var tokens = ByteTokenizer.Encode(line);
            for (var start = 0; start < tokens.Length; start += context)
            {
                var piece = tokens.Skip(start).Take(context).Append(ByteTokenizer.EndOfText).ToArray();
                examples.Add(new TokenizedExample(piece, 0));
            }
        }

        return examples;
    }
}
