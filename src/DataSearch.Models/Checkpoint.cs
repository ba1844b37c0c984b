using System.Text.Json;
using DataSearch.Errors;
using DataSearch.IO;

namespace DataSearch.Models;

/// <summary>
/// A model checkpoint: the weights (TorchSharp's format) and <c>PATH.json</c> with the model's shape and
/// the weights' SHA-256. Both are written atomically, the description last; loading checks both.
/// </summary>
internal static class Checkpoint
{
    private sealed record Description(int Layers, int Width, int Heads, int Context, int Vocabulary, string WeightsSha256);

    public static void Save(LanguageModel model, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = AtomicFile.TemporaryPathFor(full);
        try
        {
            model.Network.save(temporary);
            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        var config = model.Config;
        var description = new Description(config.Layers, config.Width, config.Heads, config.Context, config.Vocabulary, Hash(full));
        AtomicFile.WriteAllText(full + ".json", JsonSerializer.Serialize(description));
    }

    public static Gpt Load(string path)
    {
        var descriptionPath = path + ".json";
        if (!File.Exists(path) || !File.Exists(descriptionPath))
        {
            throw new CorruptDataException(path, "no complete checkpoint here (weights or their .json description missing)");
        }

        Description description;
        try
        {
            description = JsonSerializer.Deserialize<Description>(File.ReadAllText(descriptionPath))
                ?? throw new JsonException("empty description");
        }
        catch (JsonException e)
        {
            throw new CorruptDataException(descriptionPath, $"unreadable checkpoint description: {e.Message}", e);
        }

        if (Hash(path) != description.WeightsSha256)
        {
            throw new CorruptDataException(path, "checkpoint weights do not match their recorded hash (damaged or replaced)");
        }

        if (description.Vocabulary != ByteTokenizer.VocabularySize)
        {
            throw new CorruptDataException(path, $"checkpoint vocabulary {description.Vocabulary}, this tokenizer has {ByteTokenizer.VocabularySize}");
        }

        var network = new Gpt(new GptConfig(description.Layers, description.Width, description.Heads, description.Context));
        try
        {
            network.load(path);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or NotImplementedException)
        {
            network.Dispose();
            throw new CorruptDataException(path, $"checkpoint does not fit its described shape: {e.Message}", e);
        }

        network.eval();
        return network;
    }

    private static string Hash(string path) => FileHash.Sha256(path);
}
