using DataSearch.Pool;

namespace DataSearch.Signals;

/// <summary>What signal providers read: the pool, its content hash and the target sets.</summary>
/// <param name="Pool">The samples.</param>
/// <param name="PoolHash">The pool's content hash (<see cref="PoolManifest.PoolHash"/>).</param>
/// <param name="Targets">Target sample sets, one per benchmark, for relevance and MONA signals.</param>
public sealed record SignalInput(SamplePool Pool, string PoolHash, IReadOnlyList<TargetSet> Targets);
