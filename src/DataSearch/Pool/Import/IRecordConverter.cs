using System.Text.Json;

namespace DataSearch.Pool.Import;

/// <summary>Turns one JSON record of a given layout into a conversation, rejecting it with the exact field when it does not fit.</summary>
internal interface IRecordConverter
{
    /// <summary>The layout this converter reads.</summary>
    SourceFormat Format { get; }

    /// <summary>Converts <paramref name="record"/>; throws <see cref="RecordRejectedException"/> when it cannot.</summary>
    ConvertedRecord Convert(JsonElement record);
}
