using DataSearch.Pool;
using DataSearch.Pool.Import;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Pool.Import;

public class ImporterLayoutTests
{
    private static ImportResult Import(string fixture, ImportOptions? options = null) =>
        new PoolImporter().Import([Fixtures.Import(fixture)], options ?? new ImportOptions());

    [Fact]
    public void Canonical_records_keep_their_ids_sources_targets_tags_and_metadata()
    {
        var result = Import("canonical.jsonl");
        var pool = result.Pool;
        Assert.Equal(SourceFormat.Canonical, result.Files[0].Format);
        Assert.Equal(3, pool.Count);

        var first = pool.GetSample(0);
        Assert.Equal("c-1", first.SampleId);
        Assert.Equal("calc", first.SourceName);
        Assert.Equal("4", first.Target);
        Assert.Equal(["math", "easy"], first.Tags);
        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant], first.Messages.Select(m => m.Role));
        // Unknown top-level fields are kept, after the record's own metadata.
        Assert.Equal("""{"grade":1,"origin":"hand"}""", first.MetadataJson);

        Assert.Null(pool.GetSample(1).MetadataJson);
        var third = pool.GetSample(2);
        Assert.Equal(SampleIdentity.IdFor(SampleIdentity.ContentHash(third.Messages), 1), third.SampleId);
        Assert.Equal("canonical", third.SourceName);
    }

    [Fact]
    public void OpenAI_records_join_text_parts_and_read_developer_as_system()
    {
        var result = Import("openai.jsonl");
        Assert.Equal(SourceFormat.OpenAI, result.Files[0].Format);
        var first = result.Pool.GetSample(0);
        Assert.Equal(ChatRole.System, first.Messages[0].Role);
        Assert.Equal("Cat?\nOne word.", first.Messages[1].Content);

        var second = result.Pool.GetSample(1);
        Assert.Equal(string.Empty, second.Messages[1].Content);
        Assert.Equal("""{"weight":1}""", second.MetadataJson);
    }

    [Fact]
    public void ShareGPT_turns_map_speakers_to_roles_and_keep_the_system_prompt()
    {
        var result = Import("sharegpt.json");
        Assert.Equal(SourceFormat.ShareGpt, result.Files[0].Format);
        var first = result.Pool.GetSample(0);
        Assert.Equal([new ChatMessage(ChatRole.User, "Q1"), new ChatMessage(ChatRole.Assistant, "A1")], first.Messages);
        Assert.Equal("""{"id":"x1"}""", first.MetadataJson);

        var second = result.Pool.GetSample(1);
        Assert.Equal(new ChatMessage(ChatRole.System, "S"), second.Messages[0]);
        Assert.Equal(5, second.Messages.Count);
    }

    [Fact]
    public void Alpaca_joins_instruction_and_input_and_reads_response_system_and_history()
    {
        var pool = Import("alpaca.json").Pool;
        Assert.Equal("Add.\n\n1 and 2", pool.GetContent(0, 0));
        Assert.Equal("3", pool.GetContent(0, 1));
        Assert.Equal("Greet.", pool.GetContent(1, 0));
        Assert.Equal("HEY", pool.GetContent(2, 1));

        var withHistory = pool.GetSample(3);
        Assert.Equal(
            ["system:Count.", "user:first?", "assistant:first", "user:second?", "assistant:second", "user:Continue.", "assistant:third"],
            withHistory.Messages.Select(m => $"{ChatRoleNames.Of(m.Role)}:{m.Content}"));
    }

    [Fact]
    public void Prompt_completion_strips_the_end_of_text_marker_and_keeps_exact_duplicates_with_distinct_ids()
    {
        var pool = Import("t0.jsonl").Pool;
        Assert.Equal(" yes", pool.GetContent(0, 1));
        Assert.Equal(string.Empty, pool.GetContent(1, 1));
        Assert.Equal("""{"template":"demo_a"}""", pool.GetMetadataJson(0));

        Assert.Equal(pool.GetContentHash(0), pool.GetContentHash(2));
        Assert.Equal(pool.GetSampleId(0) + "-2", pool.GetSampleId(2));
    }

    [Fact]
    public void Gsm8k_answer_number_becomes_the_target()
    {
        var pool = Import("gsm8k.jsonl").Pool;
        Assert.Equal("7", pool.GetTarget(0));
        Assert.Null(pool.GetTarget(1));
        Assert.Equal("gsm8k", pool.GetSourceName(0));
    }

    [Fact]
    public void Lines_split_on_newline_only_so_U2028_stays_inside_a_record_and_CRLF_is_accepted()
    {
        var pool = Import("crlf_u2028.jsonl").Pool;
        Assert.Equal(2, pool.Count);
        Assert.Equal("line one\u2028still line one", pool.GetContent(0, 0));
        Assert.Equal("two", pool.GetContent(1, 1));
    }

    [Fact]
    public void Forced_format_overrides_detection_and_the_source_flag_overrides_names()
    {
        var result = Import("canonical.jsonl", new ImportOptions(Format: SourceFormat.OpenAI, SourceName: "mine"));
        Assert.Equal(SourceFormat.OpenAI, result.Files[0].Format);
        Assert.False(result.Files[0].Detected);
        Assert.All(Enumerable.Range(0, result.Pool.Count), i => Assert.Equal("mine", result.Pool.GetSourceName(i)));
        // Read as OpenAI records, the canonical id is not an id but extra data.
        Assert.NotEqual("c-1", result.Pool.GetSampleId(0));
        Assert.Contains("\"sample_id\":\"c-1\"", result.Pool.GetMetadataJson(0));
    }

    [Theory]
    [InlineData("data/gsm8k/train.jsonl", "gsm8k_train")]
    [InlineData("data/t0_train_50k.jsonl", "t0_train_50k")]
    [InlineData("x/alpaca_5000.json", "alpaca_5000")]
    [InlineData("x/pool.parquet", "pool")]
    public void Source_name_comes_from_the_file_name_with_the_folder_for_split_names(string path, string expected) =>
        Assert.Equal(expected, PoolImporter.SourceNameFor(path));

    [Fact]
    public void Several_files_import_into_one_pool_in_order()
    {
        var result = new PoolImporter().Import(
            [Fixtures.Import("gsm8k.jsonl"), Fixtures.Import("alpaca.json"), Fixtures.Import("t0.jsonl")],
            new ImportOptions());
        Assert.Equal(2 + 4 + 3, result.Pool.Count);
        Assert.Equal(["gsm8k", "alpaca", "t0"], result.Pool.SourceNames);
        Assert.Equal([2L, 4L, 3L], result.Files.Select(f => f.Imported));
    }

    [Fact]
    public void Parquet_written_by_the_pool_imports_back_identically()
    {
        using var temp = new TempFolder();
        var original = new PoolImporter().Import(
            [Fixtures.Import("canonical.jsonl"), Fixtures.Import("alpaca.json"), Fixtures.Import("sharegpt.json")],
            new ImportOptions()).Pool;
        var parquet = temp.File("pool.parquet");
        using (var stream = File.Create(parquet))
        {
            CanonicalParquet.Write(original, Enumerable.Range(0, original.Count), stream);
        }

        var result = new PoolImporter().Import([parquet], new ImportOptions());
        Assert.Equal(SourceFormat.Canonical, result.Files[0].Format);
        TestPools.AssertSamePool(original, result.Pool);
    }
}
