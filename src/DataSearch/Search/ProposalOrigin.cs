using System.Text.Json.Serialization;

namespace DataSearch.Search;

/// <summary>What made a candidate: the phase of the search that proposed it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProposalOrigin>))]
public enum ProposalOrigin
{
    /// <summary>A Latin-hypercube warm-up probe.</summary>
    [JsonStringEnumMemberName("warmup")]
    Warmup,

    /// <summary>A source-screening probe (one source alone).</summary>
    [JsonStringEnumMemberName("screening")]
    Screening,

    /// <summary>The mix of the sources that screening found best on each benchmark (<see cref="SpecialistMix"/>), the first round's candidate.</summary>
    [JsonStringEnumMemberName("specialists")]
    Specialists,

    /// <summary>The best probe so far with a filter of <see cref="SearchConfig.FilterProbes"/> appended, before the first round of edits.</summary>
    [JsonStringEnumMemberName("filter")]
    Filter,

    /// <summary>A local edit of a parent by the built-in proposer.</summary>
    [JsonStringEnumMemberName("edit")]
    Edit,

    /// <summary>An edit the LLM proposer wrote.</summary>
    [JsonStringEnumMemberName("llm")]
    Llm,

    /// <summary>A random recipe (a reseed's fresh start).</summary>
    [JsonStringEnumMemberName("random")]
    Random,

    /// <summary>A placeholder for a round in which no candidate survived.</summary>
    [JsonStringEnumMemberName("empty")]
    Empty,
}
