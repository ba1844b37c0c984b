using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DataSearch.Errors;
using DataSearch.IO;

namespace DataSearch.Acquisition;

/// <summary>One run of a λ sweep: what the trained optimizer's trajectories gained and cost on the test questions.</summary>
/// <param name="Lambda">The cost weight the run trained and was rewarded with.</param>
/// <param name="AverageScore">Mean test score after fine-tuning on each task's acquired data.</param>
/// <param name="AverageBaseScore">The base policy's mean test score.</param>
/// <param name="ApiCost">Total API cost over the tasks.</param>
/// <param name="MeanReward">Mean reward per task at this λ.</param>
/// <param name="WinRate">Share of tasks where the data beat the base policy.</param>
public sealed record LambdaPoint(
    [property: JsonPropertyName("lambda")] double Lambda,
    [property: JsonPropertyName("avg_score")] double AverageScore,
    [property: JsonPropertyName("avg_base_score")] double AverageBaseScore,
    [property: JsonPropertyName("api_cost")] double ApiCost,
    [property: JsonPropertyName("mean_reward")] double MeanReward,
    [property: JsonPropertyName("win_rate")] double WinRate)
{
    /// <summary>Score gain over the base policy, in points.</summary>
    [JsonPropertyName("gain")]
    public double Gain => AverageScore - AverageBaseScore;

    /// <summary>The point of a run whose evaluation reported <paramref name="metrics"/>.</summary>
    public static LambdaPoint Of(double lambda, EvaluationMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new(lambda, metrics.AverageScore, metrics.AverageBaseScore, metrics.TotalApiCost, metrics.MeanReward, metrics.WinRate);
    }
}

/// <summary>
/// A λ sweep (<c>acquire --lambdas 0,0.5,2</c>): one acquisition run per value in <c>lambda-X/</c> and
/// <c>sweep.json</c>, the points in the order given.
/// </summary>
public static class LambdaSweep
{
    /// <summary>The sweep's summary file in its folder.</summary>
    public const string File = "sweep.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The values of <c>--lambdas</c>: comma-separated, each ≥ 0, no repeats.</summary>
    public static IReadOnlyList<double> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || !double.IsFinite(value))
            {
                throw new UsageException($"--lambdas: '{part}' is not a number ≥ 0 (expected e.g. 0,0.5,2,8)");
            }

            if (values.Contains(value))
            {
                throw new UsageException($"--lambdas: {part} is given twice");
            }

            values.Add(value);
        }

        return values.Count >= 2 ? values : throw new UsageException("--lambdas: give at least two values, e.g. 0,0.5,2,8");
    }

    /// <summary>The run folder of one value, e.g. <c>lambda-0.5</c>.</summary>
    /// <summary>
    /// Runs the sweep in <paramref name="folder"/>: one run per λ in <c>lambda-X</c> (<paramref name="runOne"/>
    /// with the settings and that sub-folder; a finished one is read, not rerun), then <c>sweep.json</c>.
    /// </summary>
    public static IReadOnlyList<LambdaPoint> Run(AcquisitionConfig settings, string folder, IReadOnlyList<double> values, Func<AcquisitionConfig, string, AcquisitionEvaluation> runOne)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(runOne);
        var points = new List<LambdaPoint>();
        foreach (var value in values)
        {
            var sub = new AcquisitionRunFolder(Path.Combine(folder, FolderName(value)));
            var evaluation = System.IO.File.Exists(sub.EvaluationResults)
                ? AcquisitionEvaluation.Read(sub.EvaluationResults)
                : runOne(settings with { Lambda = value }, sub.Root);
            points.Add(LambdaPoint.Of(value, evaluation.Metrics));
        }

        AtomicFile.WriteAllText(Path.Combine(folder, File), Serialize(points));
        return points;
    }

    public static string FolderName(double lambda) => $"lambda-{lambda.ToString(CultureInfo.InvariantCulture)}";

    /// <summary><c>sweep.json</c>'s text.</summary>
    public static string Serialize(IReadOnlyList<LambdaPoint> points) => JsonSerializer.Serialize(new SweepFile(points), Json) + "\n";

    /// <summary>The sweep in <paramref name="folder"/>, or null when it holds none.</summary>
    public static IReadOnlyList<LambdaPoint>? TryRead(string folder)
    {
        var path = Path.Combine(folder, File);
        if (!System.IO.File.Exists(path))
        {
            return null;
        }

        return JsonFile.Read<SweepFile>(path, "a λ sweep").Points;
    }

    private sealed record SweepFile([property: JsonPropertyName("points")] IReadOnlyList<LambdaPoint> Points);
}
