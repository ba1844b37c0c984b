using DataSearch.Errors;
using DataSearch.Pool.Import;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Pool.Import;

public class ImporterErrorTests
{
    private static IReadOnlyList<InputProblem> ProblemsOf(params string[] paths)
    {
        var error = Assert.Throws<InvalidInputException>(() => new PoolImporter().Import(paths, new ImportOptions()));
        Assert.Equal(error.TotalProblems, error.Problems.Count);
        return error.Problems;
    }

    private static string Summary(InputProblem p) =>
        $"{Path.GetFileName(p.Location.File)}:{p.Location.Line}:{p.Location.Field}:{p.Kind}";

    [Fact]
    public void Every_bad_line_is_reported_with_its_line_number_field_and_kind()
    {
        var problems = ProblemsOf(Fixtures.Import("broken.jsonl"));
        Assert.Equal(
            [
                "broken.jsonl:2::MalformedJson",
                "broken.jsonl:3:completion:MissingField",
                "broken.jsonl:4:prompt:WrongType",
                "broken.jsonl:5::WrongType",
            ],
            problems.Select(Summary));
        Assert.Contains("expected a string, found an array", problems[2].Message);
        Assert.Contains("expected a JSON object per record, found an array", problems[3].Message);
    }

    [Fact]
    public void Conversation_problems_name_the_exact_message_field()
    {
        var problems = ProblemsOf(Fixtures.Import("broken_messages.jsonl"));
        Assert.Equal(
            [
                "broken_messages.jsonl:1:messages:EmptyConversation",
                "broken_messages.jsonl:2:messages:EmptyConversation",
                "broken_messages.jsonl:3:messages[0].role:InvalidRole",
                "broken_messages.jsonl:4:messages[1].content:WrongType",
                "broken_messages.jsonl:6:sample_id:DuplicateId",
                "broken_messages.jsonl:7:tags:WrongType",
            ],
            problems.Select(Summary));
        Assert.Contains("no assistant message", problems[1].Message);
        Assert.Contains("'robot'", problems[2].Message);
        Assert.Contains("first used at", problems[4].Message);
        Assert.Contains("broken_messages.jsonl:5", problems[4].Message);
    }

    [Fact]
    public void Duplicate_ids_are_found_across_files()
    {
        using var temp = new TempFolder();
        var a = temp.Write("a.jsonl", """{"sample_id": "same", "messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}""" + "\n");
        var b = temp.Write("b.jsonl", "\n\n" + """{"sample_id": "same", "messages": [{"role": "user", "content": "other"}, {"role": "assistant", "content": "b"}]}""" + "\n");
        var problem = Assert.Single(ProblemsOf(a, b));
        Assert.Equal(InputProblemKind.DuplicateId, problem.Kind);
        Assert.Equal(3, problem.Location.Line);
        Assert.Contains("a.jsonl:1", problem.Message);
    }

    [Fact]
    public void Invalid_utf8_is_reported_with_its_line_and_byte()
    {
        using var temp = new TempFolder();
        byte[] good = """{"prompt": "ok", "completion": "fine"}"""u8.ToArray();
        byte[] bad = [.. "{\"prompt\": \"caf"u8, 0xC3, 0x28, .. "\", \"completion\": \"x\"}"u8];
        var path = temp.WriteBytes("bad.jsonl", [.. good, (byte)'\n', .. bad, (byte)'\n']);
        var problem = Assert.Single(ProblemsOf(path));
        Assert.Equal(InputProblemKind.InvalidUtf8, problem.Kind);
        Assert.Equal(2, problem.Location.Line);
        // `{"prompt": "caf` is 15 bytes, so the bad byte is the 16th.
        Assert.Contains("byte 16", problem.Message);
    }

    [Fact]
    public void A_malformed_json_array_is_reported_at_the_line_of_the_error()
    {
        var problems = ProblemsOf(Fixtures.Import("broken_array.json"));
        var problem = Assert.Single(problems);
        Assert.Equal(InputProblemKind.MalformedJson, problem.Kind);
        Assert.Equal(3, problem.Location.Line);
    }

    [Fact]
    public void A_file_in_no_known_layout_names_its_fields_and_the_layouts_expected()
    {
        var problems = ProblemsOf(Fixtures.Import("unknown_layout.jsonl"));
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Equal(InputProblemKind.UnknownFormat, p.Kind));
        Assert.Contains("fields: text, label", problems[0].Message);
        Assert.Contains("--format", problems[0].Message);
    }

    [Fact]
    public void Skip_policy_keeps_the_good_records_and_every_bad_one_with_its_bytes()
    {
        var result = new PoolImporter().Import([Fixtures.Import("broken.jsonl")], new ImportOptions(OnError: ErrorPolicy.Skip));
        Assert.Equal(2, result.Pool.Count);
        Assert.Equal(4, result.Rejections.Count);
        var lines = File.ReadAllLines(Fixtures.Import("broken.jsonl"));
        foreach (var rejection in result.Rejections)
        {
            Assert.Equal(lines[rejection.Problem.Location.Line - 1], System.Text.Encoding.UTF8.GetString(rejection.RawRecord.Span));
        }

        Assert.Equal(new FileImportSummary(Fixtures.Import("broken.jsonl"), SourceFormat.PromptCompletion, true, 6, 2, 4, new FileInfo(Fixtures.Import("broken.jsonl")).Length), result.Files[0]);
    }

    [Fact]
    public void Only_the_first_problems_are_kept_but_all_are_counted()
    {
        using var temp = new TempFolder();
        var path = temp.Write("many.jsonl", string.Concat(Enumerable.Repeat("{\"prompt\": 1, \"completion\": \"x\"}\n", 500)));
        var error = Assert.Throws<InvalidInputException>(() => new PoolImporter().Import([path], new ImportOptions(MaxProblemsKept: 10)));
        Assert.Equal(10, error.Problems.Count);
        Assert.Equal(500, error.TotalProblems);
        Assert.Contains("... and 490 more", error.Message);
    }

    [Fact]
    public void Missing_input_files_are_a_usage_error_naming_each()
    {
        var error = Assert.Throws<UsageException>(() => new PoolImporter().Import(["/no/such/a.jsonl", "/no/such/b.jsonl"], new ImportOptions()));
        Assert.Contains("/no/such/a.jsonl: no such file", error.Message);
        Assert.Contains("/no/such/b.jsonl: no such file", error.Message);
    }
}
