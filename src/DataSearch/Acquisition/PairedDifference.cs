using System.Text.Json.Serialization;
using MathNet.Numerics.Distributions;

namespace DataSearch.Acquisition;

/// <summary>
/// The trained optimizer against one baseline, task by task: the mean of the per-task reward differences
/// (optimizer − baseline) on the same tasks and its 95 % confidence interval (Student's t over the
/// tasks). Pairing removes what the tasks share (how hard each is), so a difference smaller than either
/// method's spread can still be told from zero — or shown not to be.
/// </summary>
/// <param name="Method">The trained optimizer.</param>
/// <param name="Baseline">The baseline it is set against.</param>
/// <param name="Tasks">Tasks both were scored on (the held-out tasks when some are held out).</param>
/// <param name="MeanDifference">Mean of optimizer − baseline reward over those tasks.</param>
/// <param name="Lower">Lower end of the 95 % interval (null with fewer than two tasks).</param>
/// <param name="Upper">Upper end of the 95 % interval (null with fewer than two tasks).</param>
/// <param name="Wins">Tasks where the optimizer's reward was higher.</param>
/// <param name="Losses">Tasks where it was lower.</param>
public sealed record PairedDifference(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("baseline")] string Baseline,
    [property: JsonPropertyName("tasks")] int Tasks,
    [property: JsonPropertyName("mean_difference")] double MeanDifference,
    [property: JsonPropertyName("ci95_lower")] double? Lower,
    [property: JsonPropertyName("ci95_upper")] double? Upper,
    [property: JsonPropertyName("wins")] int Wins,
    [property: JsonPropertyName("losses")] int Losses)
{
    /// <summary>Whether the whole interval lies above zero: the optimizer's edge is more than noise.</summary>
    [JsonIgnore]
    public bool ClearlyBetter => Lower > 0;

    /// <summary>
    /// Pairs <paramref name="method"/>'s and <paramref name="baseline"/>'s task results by task id, on the
    /// headline split: held-out tasks when the results have any, else every task.
    /// </summary>
    public static PairedDifference Of(AcquisitionEvaluation method, AcquisitionEvaluation baseline)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(baseline);
        var theirs = baseline.TaskResults.ToDictionary(t => t.TaskId, t => t.Reward, StringComparer.Ordinal);
        var differences = Headline(method.TaskResults)
            .Where(t => theirs.ContainsKey(t.TaskId))
            .Select(t => t.Reward - theirs[t.TaskId])
            .ToList();
        return FromDifferences(method.Method, baseline.Method, differences);
    }

    /// <summary>The interval of any list of paired differences (e.g. pooled over seeds).</summary>
    public static PairedDifference FromDifferences(string method, string baseline, IReadOnlyList<double> differences)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var n = differences.Count;
        var mean = n == 0 ? 0 : differences.Average();
        double? lower = null, upper = null;
        if (n >= 2)
        {
            var sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (n - 1));
            var half = StudentT.InvCDF(0, 1, n - 1, 0.975) * sd / Math.Sqrt(n);
            (lower, upper) = (mean - half, mean + half);
        }

        return new PairedDifference(method, baseline, n, mean, lower, upper, differences.Count(d => d > 0), differences.Count(d => d < 0));
    }

    /// <summary>The results the headline is on: the held-out tasks when some are held out.</summary>
    public static IReadOnlyList<TaskResult> Headline(IReadOnlyList<TaskResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Any(r => r.Split == TaskSplit.HeldOutName) ? [.. results.Where(r => r.Split == TaskSplit.HeldOutName)] : results;
    }
}
