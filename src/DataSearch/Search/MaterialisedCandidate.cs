using DataSearch.Recipes;

namespace DataSearch.Search;

/// <summary>A proposal run against the pool: the subset it selects, each step's trace, the subset's state vector and the surrogate's input.</summary>
internal sealed record MaterialisedCandidate(Proposal Proposal, Selection Selection, IReadOnlyList<StepTrace> Trace, StateVector State, double[] Features);
