using DataSearch.Evaluation;
using DataSearch.Pool;
using DataSearch.Retrieval;
using DataSearch.Signals;
using DataSearch.Teachers;

namespace DataSearch.Environments;

/// <summary>
/// Everything an experiment needs from its data side, behind one seam: the pool; the benchmarks, each
/// with its own answer checker; target sets; text to pre-train a scoring or base model on; a knowledge
/// corpus with its passage reader; acquisition tasks; and a built-in teacher where there is one. The
/// built-in world is one environment (<c>World/WorldEnvironment</c>), a user's files another
/// (<see cref="FilesEnvironment"/>).
/// </summary>
/// <remarks>
/// Hidden ground truth (oracle subsets, per-sample truth) is deliberately not here: the world keeps it
/// in <c>World/WorldGroundTruth</c>, a layer that signals, recipes, search and acquisition cannot
/// reach (tests/DataSearch.Tests/ArchitectureTests.cs), so only diagnostics and reports read it.
/// </remarks>
public interface IDataEnvironment
{
    /// <summary><c>world</c> or <c>files</c>.</summary>
    string Kind { get; }

    /// <summary>A one-line description for logs (kind and where its data is).</summary>
    string Description { get; }

    /// <summary>The canonical pool's folder (<c>pool import</c> output), or null when the pool lives in memory (a generated world not saved).</summary>
    string? PoolFolder { get; }

    /// <summary>The pool, opened (or generated) once and kept.</summary>
    SamplePool Pool();

    /// <summary>The benchmarks, in evaluation order, each with its checker.</summary>
    IReadOnlyList<Benchmark> Benchmarks();

    /// <summary>Target sets (a few samples per benchmark) for relevance signals; empty when there are none.</summary>
    IReadOnlyList<TargetSet> Targets();

    /// <summary>Lines to pre-train a scoring or base model on: the environment's own text, never a benchmark's answers.</summary>
    IReadOnlyList<string> PretrainingText();

    /// <summary>The knowledge corpus <c>retrieve</c> searches (the caller disposes it); empty when there is none.</summary>
    KnowledgeCorpus OpenCorpus();

    /// <summary>The acquisition tasks drawn with <paramref name="seed"/>.</summary>
    IReadOnlyList<AcquisitionTask> Tasks(ulong seed);

    /// <summary>The environment's own teacher with answers wrong at rate <paramref name="noise"/>, or null when it has none (a files environment's teacher is an endpoint).</summary>
    ITeacher? BuiltInTeacher(double noise);

    /// <summary>Content hashes of everything above, by name, for run fingerprints: a resumed run must see the same data.</summary>
    IReadOnlyDictionary<string, string> ContentHashes();
}
