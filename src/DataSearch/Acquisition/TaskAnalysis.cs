using System.Text.RegularExpressions;
using DataSearch.Environments;

namespace DataSearch.Acquisition;

/// <summary>
/// <c>analyze_task</c>: what the policy lacks for a task, from its answers to the probe questions —
/// how many it gets right, which it fails, and the names (capitalised words inside a sentence) in the
/// instruction and the failed probes, which are likely facts it does not know.
/// </summary>
/// <param name="TaskId">The task.</param>
/// <param name="ProbeAccuracy">Share of probes answered right, in [0, 1].</param>
/// <param name="FailedProbes">The probe questions answered wrong.</param>
/// <param name="Entities">Names worth looking up, in order of appearance.</param>
public sealed partial record TaskAnalysis(string TaskId, double ProbeAccuracy, IReadOnlyList<string> FailedProbes, IReadOnlyList<string> Entities)
{
    /// <summary>Analyses <paramref name="task"/> from the policy's <paramref name="answers"/> to its probes, checked by <paramref name="check"/>.</summary>
    public static TaskAnalysis Of(AcquisitionTask task, IReadOnlyList<string> answers, Func<string, string, bool> check)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(check);
        if (answers.Count != task.Probes.Count)
        {
            throw new ArgumentException($"expected {task.Probes.Count} answers, got {answers.Count}", nameof(answers));
        }

        var failed = task.Probes.Where((p, i) => !check(answers[i], p.Answer)).Select(p => p.Prompt).ToList();
        var accuracy = task.Probes.Count == 0 ? 1 : 1 - ((double)failed.Count / task.Probes.Count);
        var entities = new List<string>();
        foreach (var text in failed.Prepend(task.Instruction))
        {
            foreach (Match match in Name().Matches(text))
            {
                var before = text[..match.Index].TrimEnd();
                var startsSentence = before.Length == 0 || before[^1] is '.' or '!' or '?' or '"' or ':';
                if (!startsSentence && !entities.Contains(match.Value, StringComparer.Ordinal))
                {
                    entities.Add(match.Value);
                }
            }
        }

        return new TaskAnalysis(task.Id, accuracy, failed, entities);
    }

    /// <summary>A capitalised word (whether it starts a sentence is checked separately).</summary>
    [GeneratedRegex(@"\b[A-Z][a-z]{2,}\b")]
    private static partial Regex Name();
}
