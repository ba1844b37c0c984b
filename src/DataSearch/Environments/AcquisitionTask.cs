using DataSearch.Checkers;
using DataSearch.Evaluation;

namespace DataSearch.Environments;

/// <summary>What a task asks of the policy: a skill to perform, or facts to know.</summary>
public enum TaskKind
{
    Skill,
    Knowledge,
}

/// <summary>
/// One task of active data search. The optimizer sees the instruction, the category and the probe
/// questions; rewards during training are measured on <see cref="Dev"/>, the reported results on
/// <see cref="Test"/>, which nothing else reads.
/// </summary>
/// <param name="Id">Stable name, e.g. <c>skill-reverse</c> or <c>knowledge-2</c>.</param>
/// <param name="Instruction">What the task is, in words.</param>
/// <param name="Category">The task's tag (a world skill name), usable as <c>demonstrate</c>'s first argument.</param>
/// <param name="Kind">Skill or knowledge.</param>
/// <param name="Probes">A few questions with answers, for analysing what the policy lacks.</param>
/// <param name="Dev">Held-out questions that score trajectories while the optimizer learns.</param>
/// <param name="Test">Held-out questions for the final results.</param>
/// <param name="Checker">Decides whether an answer to one of the task's questions is right.</param>
public sealed record AcquisitionTask(
    string Id,
    string Instruction,
    string Category,
    TaskKind Kind,
    IReadOnlyList<BenchmarkItem> Probes,
    IReadOnlyList<BenchmarkItem> Dev,
    IReadOnlyList<BenchmarkItem> Test,
    IAnswerChecker Checker);
