using System.Text.Json;
using System.Text.Json.Serialization;
using DataSearch.Errors;
using DataSearch.Pool;
using DataSearch.Signals;
using DataSearch.Tests.Support;
using Parquet.Serialization;

namespace DataSearch.Tests.Signals;

public class SignalImportTests
{
    private static readonly SamplePool Pool = PoolMaker.Make([.. Enumerable.Range(0, 6).Select(i => ($"Question {i}?", $"Answer {i}."))]);

    private static string Id(int index) => Pool.GetSampleId(index);

    private static string Line(object record) => JsonSerializer.Serialize(record);

    [Fact]
    public void Scores_land_on_their_samples_and_unscored_samples_have_none()
    {
        using var temp = new TempFolder();
        var path = temp.Write("deita.jsonl", string.Join('\n',
            Line(new Dictionary<string, object?> { ["sample_id"] = Id(4), ["complexity"] = 3.5, ["quality"] = 0.25, ["model"] = "deita-7b" }),
            Line(new Dictionary<string, object?> { ["sample_id"] = Id(1), ["complexity"] = 1, ["quality"] = null })));

        var result = SignalImport.Read(path, "deita", Pool);

        Assert.Equal(["deita:complexity", "deita:quality"], result.Block.Columns.Select(c => c.Name));
        var complexity = result.Block.Columns[0].Values!;
        Assert.Equal(3.5f, complexity[4]);
        Assert.Equal(1f, complexity[1]);
        Assert.True(float.IsNaN(complexity[0]));
        Assert.Equal(0.25f, result.Block.Columns[1].Values![4]);
        Assert.True(float.IsNaN(result.Block.Columns[1].Values![1]), "null is no score");
        Assert.Equal(2, result.Scored["deita:complexity"]);
        Assert.Equal(1, result.Scored["deita:quality"]);
        Assert.Equal(2, result.Rows);

        var one = SignalImport.Read(path, "cx", Pool, ["complexity"]);
        Assert.Equal("cx", Assert.Single(one.Block.Columns).Name);
        Assert.NotEqual(result.Block.Key, one.Block.Key);
    }

    [Fact]
    public void Every_bad_record_is_reported_with_its_line_and_field()
    {
        using var temp = new TempFolder();
        var path = temp.Write("bad.jsonl", string.Join('\n',
            Line(new { sample_id = Id(0), score = 1.0 }),
            Line(new { score = 2.0 }),
            Line(new { sample_id = Id(0), score = 3.0 }),
            Line(new { sample_id = "nope", score = 4.0 }),
            Line(new { sample_id = Id(2), score = "high" })));

        var error = Assert.Throws<InvalidInputException>(() => SignalImport.Read(path, "reward", Pool));

        Assert.Equal(4, error.TotalProblems);
        Assert.Equal(
            [(InputProblemKind.MissingField, 2L, "sample_id"), (InputProblemKind.DuplicateId, 3L, "sample_id"), (InputProblemKind.UnknownId, 4L, "sample_id"), (InputProblemKind.WrongType, 5L, "score")],
            error.Problems.Select(p => (p.Kind, p.Location.Line, p.Location.Field!)));
        Assert.Contains("line 1", error.Problems[1].Message);
    }

    [Fact]
    public void A_file_without_numeric_scores_or_a_bad_name_is_refused()
    {
        using var temp = new TempFolder();
        var path = temp.Write("text.jsonl", Line(new { sample_id = Id(0), note = "fine" }));
        var error = Assert.Throws<InvalidInputException>(() => SignalImport.Read(path, "notes", Pool));
        Assert.Contains("no numeric score field", error.Problems[0].Message);
        Assert.Throws<UsageException>(() => SignalImport.Read(path, "bad name/..", Pool));
        Assert.Throws<UsageException>(() => SignalImport.Read(temp.File("missing.jsonl"), "x", Pool));
    }

    [Fact]
    public async Task Parquet_files_import_like_jsonl()
    {
        using var temp = new TempFolder();
        var path = temp.File("reward.parquet");
        await ParquetSerializer.SerializeAsync(new[] { new ParquetScore { SampleId = Id(3), Reward = 0.75 }, new ParquetScore { SampleId = Id(5), Reward = -2 } }, path);

        var result = SignalImport.Read(path, "reward", Pool);

        var values = Assert.Single(result.Block.Columns).Values!;
        Assert.Equal(0.75f, values[3]);
        Assert.Equal(-2f, values[5]);
        Assert.Equal(4, values.Count(float.IsNaN));
    }

    [Fact]
    public void An_imported_block_joins_every_computation_of_the_pools_signals()
    {
        using var temp = new TempFolder();
        var path = temp.Write("scores.jsonl", Line(new { sample_id = Id(0), score = 9.0 }));
        var imported = SignalImport.Read(path, "mine", Pool);
        var store = new SignalStore(temp.File("signals"));
        Directory.CreateDirectory(store.Folder);
        SignalFile.Write(Path.Combine(store.Folder, SignalImport.FileName("mine")), imported.Block, "hash", Pool.Count);

        var (signals, outcomes) = store.Compute(new SignalInput(Pool, "hash", []), []);
        Assert.Empty(outcomes);
        Assert.Equal(9f, signals.Scores("mine")[0]);

        var (other, _) = store.Compute(new SignalInput(Pool, "another pool", []), []);
        Assert.False(other.Contains("mine"), "a block imported for another pool is not used");
    }

    private sealed class ParquetScore
    {
        [JsonPropertyName("sample_id")]
        public string SampleId { get; set; } = "";

        [JsonPropertyName("reward")]
        public double Reward { get; set; }
    }
}
