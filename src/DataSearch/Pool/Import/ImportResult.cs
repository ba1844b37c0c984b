namespace DataSearch.Pool.Import;

/// <summary>The pool built by an import, what each file contributed, and the records refused.</summary>
/// <param name="Pool">The samples accepted.</param>
/// <param name="Files">One summary per input file, in the order given.</param>
/// <param name="Rejections">The records refused (under <see cref="ErrorPolicy.Skip"/>; empty under Fail, which throws).</param>
public sealed record ImportResult(SamplePool Pool, IReadOnlyList<FileImportSummary> Files, IReadOnlyList<Rejection> Rejections);
