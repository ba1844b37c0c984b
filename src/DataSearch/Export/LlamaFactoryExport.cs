using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataSearch.Errors;
using DataSearch.IO;
using DataSearch.Pool;

namespace DataSearch.Export;

/// <summary>
/// Writes a subset for LLaMA-Factory: <c>NAME.json</c> in its ShareGPT layout (a leading system message
/// becomes the <c>system</c> field; user → human, assistant → gpt, tool → observation), the dataset's
/// entry merged into <c>dataset_info.json</c> (other entries kept), and <c>NAME.train.yaml</c> from a
/// template. Every file is written atomically.
/// </summary>
public static partial class LlamaFactoryExport
{
    /// <summary>The built-in training template; each <c>{name}</c> is filled from <see cref="LlamaFactoryOptions"/>.</summary>
    public const string DefaultTrainTemplate = """
        # LLaMA-Factory supervised fine-tuning on a subset selected by DataSearch.
        # Run from this folder:  llamafactory-cli train {dataset}.train.yaml
        ### model
        model_name_or_path: {model}
        trust_remote_code: true

        ### method
        stage: sft
        do_train: true
        finetuning_type: {finetuning_type}
        lora_rank: 8
        lora_target: all

        ### dataset
        dataset: {dataset}
        dataset_dir: {dataset_dir}
        template: {template}
        cutoff_len: {cutoff_len}
        overwrite_cache: true
        preprocessing_num_workers: 16

        ### output
        output_dir: {output_dir}
        logging_steps: 10
        save_steps: 500
        plot_loss: true
        overwrite_output_dir: true

        ### train
        per_device_train_batch_size: 1
        gradient_accumulation_steps: 8
        learning_rate: {learning_rate}
        num_train_epochs: {epochs}
        lr_scheduler_type: cosine
        warmup_ratio: 0.1
        bf16: true
        seed: {seed}
        """;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the export into <paramref name="folder"/> and returns what it wrote.</summary>
    public static ExportSummary Write(SamplePool pool, IReadOnlyList<int> indices, string folder, LlamaFactoryOptions options)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(options);
        if (!DatasetName().IsMatch(options.DatasetName))
        {
            throw new UsageException($"--dataset-name: '{options.DatasetName}' should be letters, digits, '_', '-' or '.'");
        }

        if (options.FinetuningType is not ("lora" or "full"))
        {
            throw new UsageException($"--finetuning-type: '{options.FinetuningType}' is not lora or full");
        }

        Directory.CreateDirectory(folder);
        var dataFile = $"{options.DatasetName}.json";
        var unusual = new List<string>();
        AtomicFile.Write(Path.Combine(folder, dataFile), stream => WriteConversations(pool, indices, stream, unusual));
        MergeDatasetInfo(Path.Combine(folder, "dataset_info.json"), options.DatasetName, dataFile);
        var trainFile = Path.Combine(folder, $"{options.DatasetName}.train.yaml");
        AtomicFile.WriteAllText(trainFile, FillTemplate(options, Path.GetFullPath(folder)));
        return new ExportSummary(indices.Count, [Path.Combine(folder, dataFile), Path.Combine(folder, "dataset_info.json"), trainFile], unusual);
    }

    /// <summary>The training YAML: the template with every placeholder filled.</summary>
    public static string FillTemplate(LlamaFactoryOptions options, string datasetDir)
    {
        ArgumentNullException.ThrowIfNull(options);
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = options.Model,
            ["template"] = options.Template,
            ["finetuning_type"] = options.FinetuningType,
            ["dataset"] = options.DatasetName,
            ["dataset_dir"] = datasetDir,
            ["cutoff_len"] = options.CutoffLength.ToString(CultureInfo.InvariantCulture),
            ["epochs"] = options.Epochs.ToString("0.0##", CultureInfo.InvariantCulture),
            ["learning_rate"] = options.LearningRate.ToString("0.0##e+0", CultureInfo.InvariantCulture),
            ["output_dir"] = options.OutputDir ?? $"saves/{options.DatasetName}",
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
        };
        var (template, source) = options.TrainTemplate is { } path
            ? (File.Exists(path) ? File.ReadAllText(path) : throw new UsageException($"--train-template: {path} does not exist"), path)
            : (DefaultTrainTemplate + "\n", "the built-in template");
        var lines = template.Split('\n');
        var filled = new StringBuilder();
        for (var line = 0; line < lines.Length; line++)
        {
            filled.Append(Placeholders.Pattern().Replace(lines[line], match => values.TryGetValue(match.Groups[1].Value, out var value)
                ? value
                : throw new InvalidConfigurationException(source,
                    [$"line {line + 1}: unknown placeholder {{{match.Groups[1].Value}}}; known: {string.Join(", ", values.Keys.Select(k => $"{{{k}}}"))}"])));
            if (line < lines.Length - 1)
            {
                filled.Append('\n');
            }
        }

        // A template that does not set the seed still trains with the one asked for (a later key would win, so it is only added when absent).
        if (!SeedLine().IsMatch(filled.ToString()))
        {
            filled.Append(filled.Length > 0 && filled[^1] != '\n' ? "\n" : string.Empty)
                .Append(CultureInfo.InvariantCulture, $"seed: {options.Seed}  # the training seed, added by DataSearch\n");
        }

        return filled.ToString();
    }

    [GeneratedRegex(@"^seed\s*:", RegexOptions.Multiline)]
    private static partial Regex SeedLine();

    private static void WriteConversations(SamplePool pool, IReadOnlyList<int> indices, Stream stream, List<string> unusual)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        writer.WriteStartArray();
        foreach (var index in indices)
        {
            var count = pool.GetMessageCount(index);
            var first = count > 0 && pool.GetRole(index, 0) == ChatRole.System ? 1 : 0;
            writer.WriteStartObject();
            writer.WriteStartArray("conversations");
            var alternates = true;
            for (var m = first; m < count; m++)
            {
                var role = pool.GetRole(index, m);
                writer.WriteStartObject();
                writer.WriteString("from", role switch
                {
                    ChatRole.User => "human",
                    ChatRole.Assistant => "gpt",
                    ChatRole.Tool => "observation",
                    _ => "system",
                });
                writer.WriteString("value", pool.GetContent(index, m));
                writer.WriteEndObject();

                // LLaMA-Factory expects human/observation at odd positions and gpt at even ones.
                var odd = (m - first) % 2 == 0;
                alternates &= odd ? role is ChatRole.User or ChatRole.Tool : role == ChatRole.Assistant;
            }

            writer.WriteEndArray();
            if (first == 1)
            {
                writer.WriteString("system", pool.GetContent(index, 0));
            }

            writer.WriteEndObject();
            if (!alternates || (count - first) % 2 != 0)
            {
                unusual.Add(pool.GetSampleId(index));
            }
        }

        writer.WriteEndArray();
    }

    private static void MergeDatasetInfo(string path, string name, string dataFile)
    {
        JsonObject info;
        try
        {
            info = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("not a JSON object") : [];
        }
        catch (JsonException e)
        {
            throw new CorruptDataException(path, $"cannot add the dataset entry: {e.Message}");
        }

        info[name] = new JsonObject
        {
            ["file_name"] = dataFile,
            ["formatting"] = "sharegpt",
            ["columns"] = new JsonObject { ["messages"] = "conversations", ["system"] = "system" },
        };
        AtomicFile.WriteAllText(path, info.ToJsonString(Json) + "\n");
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+$")]
    private static partial Regex DatasetName();

}
