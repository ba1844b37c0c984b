namespace DataSearch.Acquisition;

/// <summary>A training sample an API call produced, with where it came from.</summary>
/// <param name="Prompt">The instruction.</param>
/// <param name="Response">The response.</param>
/// <param name="TaskId">The task whose trajectory made the call.</param>
/// <param name="Api">retrieve, demonstrate or answer.</param>
/// <param name="CallIndex">The call's position in its trajectory.</param>
/// <param name="Origin">The passage id for retrieval, the call text otherwise.</param>
public sealed record AcquiredSample(string Prompt, string Response, string TaskId, string Api, int CallIndex, string Origin);
