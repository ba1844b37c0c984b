using System.Text.Json.Nodes;
using DataSearch.Agents;
using DataSearch.Errors;
using DataSearch.Evaluation;
using DataSearch.Evaluation.Chat;
using DataSearch.Models;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Evaluation;

[Collection(nameof(ModelCollection))]
public class ChatAnsweringTests
{
    private static readonly ChatQuestion[] Questions =
    [
        new("81", "writing", ["Name a colour.", "Now name another."]),
        new("82", "math", ["What is two plus two?"]),
        new("83", "roleplay", ["Say hello."]),
    ];

    /// <summary>A served model that answers "ANSWER[n]: last user turn" (n = messages it saw), except for what <paramref name="fails"/> picks.</summary>
    private static Func<LoopbackServer.Received, LoopbackServer.Reply> Echo(Func<string, bool>? fails = null) => request =>
    {
        var messages = JsonNode.Parse(request.Body)!["messages"]!.AsArray();
        var last = messages[^1]!["content"]!.GetValue<string>();
        return fails?.Invoke(last) == true
            ? new LoopbackServer.Reply(500, "overloaded")
            : new LoopbackServer.Reply(200, LoopbackServer.Completion($"ANSWER[{messages.Count}]: {last}"));
    };

    private static ChatClient Client(LoopbackServer server, string? key = null) =>
        new(new ChatClientOptions(server.BaseUrl, key, "served-model", "served-model", TimeSpan.FromSeconds(5), 2, TimeSpan.FromMilliseconds(10)));

    [Fact]
    public void An_endpoint_answers_turn_by_turn_and_a_rerun_asks_only_what_is_missing()
    {
        using var temp = new TempFolder();
        var path = temp.File("answers.jsonl");
        using var server = new LoopbackServer { Responder = Echo(fails: turn => turn.Contains("plus", StringComparison.Ordinal)) };
        using (var chat = Client(server, key: "sk-answer-secret"))
        {
            var failed = Assert.Throws<AgentUnavailableException>(() => ChatAnswering.Run(Questions, new EndpointAnswerer(chat, 64, parallel: 2), path));
            Assert.Contains("1 of 3 questions got no answer (first: 82", failed.Message);
        }

        var first = ChatAnswers.Read(path);
        Assert.Equal(["81", "83"], first.Keys.Order());
        Assert.Equal(["ANSWER[1]: Name a colour.", "ANSWER[3]: Now name another."], first["81"]);
        var secondTurn = server.Requests.Select(r => JsonNode.Parse(r.Body)!).Single(b => b["messages"]!.AsArray().Count == 3);
        Assert.Equal("ANSWER[1]: Name a colour.", secondTurn["messages"]![1]!["content"]!.GetValue<string>());
        Assert.Equal("assistant", secondTurn["messages"]![1]!["role"]!.GetValue<string>());
        Assert.Equal(0, secondTurn["temperature"]!.GetValue<int>());
        Assert.Equal(64, secondTurn["max_tokens"]!.GetValue<int>());
        Assert.All(server.Requests, r => Assert.Equal("Bearer sk-answer-secret", r.Authorization));

        // A kill in the middle of a write leaves a torn line: it is cut off, and only question 82 is asked again.
        File.AppendAllText(path, """{"question_id":"8""");
        server.Responder = Echo();
        var before = server.Requests.Count;
        using (var chat = Client(server))
        {
            var summary = ChatAnswering.Run(Questions, new EndpointAnswerer(chat, 64, parallel: 2), path);
            Assert.Equal((1, 2), (summary.Asked, summary.AlreadyAnswered));
        }

        Assert.Equal(1, server.Requests.Count - before);
        var all = ChatAnswers.Read(path);
        Assert.Equal(["ANSWER[1]: What is two plus two?"], all["82"]);
        Assert.DoesNotContain("sk-answer-secret", File.ReadAllText(path));
        Assert.Equal(3, File.ReadAllLines(path).Length);
    }

    [Fact]
    public void An_answers_file_of_another_benchmark_is_refused_with_its_line()
    {
        using var temp = new TempFolder();
        var path = temp.Write("answers.jsonl", """{"question_id":"81","turns":["a","b"],"model":"served-model"}""" + "\n" + """{"question_id":"q-elsewhere","turns":["a"],"model":"served-model"}""" + "\n");
        using var server = new LoopbackServer { Responder = Echo() };
        using var chat = Client(server);
        var error = Assert.Throws<InvalidInputException>(() => ChatAnswering.Run(Questions, new EndpointAnswerer(chat, 64, 1), path));
        Assert.Contains("answers.jsonl:2", error.Message);
        Assert.Contains("q-elsewhere", error.Message);
        Assert.Empty(server.Requests);

        var wrongTurns = temp.Write("turns.jsonl", """{"question_id":"81","turns":["only one"],"model":"served-model"}""" + "\n");
        Assert.Contains("2 user turns but 1 answers", Assert.Throws<InvalidInputException>(() => ChatAnswering.Run(Questions, new EndpointAnswerer(chat, 64, 1), wrongTurns)).Message);

        // Answers of another model are not topped up with this one's.
        var otherModel = temp.Write("other.jsonl", """{"question_id":"81","turns":["a","b"],"model":"saves/run-a"}""" + "\n");
        var mixed = Assert.Throws<InvalidInputException>(() => ChatAnswering.Run(Questions, new EndpointAnswerer(chat, 64, 1), otherModel));
        Assert.Contains("other.jsonl:1", mixed.Message);
        Assert.Contains("answered by saves/run-a, but this run answers with served-model", mixed.Message);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public void A_command_answers_from_the_questions_file_and_its_mistakes_are_named()
    {
        using var temp = new TempFolder();
        // Answers every question with its turns upper-cased; drops the questions whose id is in $DROP.
        var script = temp.Write("answer.py", """
            import json, os, sys
            drop = os.environ.get("DROP", "").split(",")
            with open(sys.argv[1]) as src, open(sys.argv[2], "w") as out:
                for line in src:
                    q = json.loads(line)
                    if q["question_id"] not in drop:
                        out.write(json.dumps({"question_id": q["question_id"], "turns": [t.upper() for t in q["turns"]]}) + "\n")
            """);
        CommandAnswerer Backend(string command) => new(command, "scripted", temp.File("answers.jsonl.work"), temp.Path, 5, null, _ => { });

        var path = temp.File("answers.jsonl");
        var summary = ChatAnswering.Run(Questions, Backend($"python3 {script} {{questions}} {{answers}}"), path);
        Assert.Equal(3, summary.Asked);
        var answers = ChatAnswers.Read(path);
        Assert.Equal(["NAME A COLOUR.", "NOW NAME ANOTHER."], answers["81"]);
        Assert.Contains("\"model\":\"scripted\"", File.ReadAllText(path));
        Assert.False(Directory.Exists(temp.File("answers.jsonl.work")));

        var partial = temp.File("partial.jsonl");
        var missing = Assert.Throws<EvaluationFailedException>(() => ChatAnswering.Run(Questions, Backend($"DROP=82 python3 {script} {{questions}} {{answers}}"), partial));
        Assert.Contains("missing 1 of the 3 asked (first: 82)", missing.Message);

        var crashed = Assert.Throws<EvaluationFailedException>(() => ChatAnswering.Run(Questions, Backend("echo 'CUDA out of memory' >&2; exit 3 # {answers}"), temp.File("crash.jsonl")));
        Assert.Contains("exited with 3", crashed.Message);
        Assert.Contains("CUDA out of memory", crashed.Message);

        Assert.Contains(CommandAnswerer.Problems("gen --out out.jsonl"), p => p.Contains("{answers}", StringComparison.Ordinal));
        Assert.Contains(CommandAnswerer.Problems("gen {answers} {model_dir}"), p => p.Contains("unknown placeholder {model_dir}", StringComparison.Ordinal));
        Assert.Empty(CommandAnswerer.Problems("gen {questions} {answers} {work_dir}"));
    }

    [Fact]
    public void The_embedded_model_answers_each_turn_greedily_and_reproducibly()
    {
        LanguageModel.UseThreads(1);
        using var model = LanguageModel.Create(new GptConfig(Layers: 1, Width: 32, Heads: 2, Context: 24), seed: 5);
        using var temp = new TempFolder();
        ChatAnswering.Run(Questions, new EmbeddedChatAnswerer(model, "tiny"), temp.File("a.jsonl"));
        ChatAnswering.Run(Questions, new EmbeddedChatAnswerer(model, "tiny"), temp.File("b.jsonl"));

        Assert.Equal(File.ReadAllText(temp.File("a.jsonl")), File.ReadAllText(temp.File("b.jsonl")));
        var answers = ChatAnswers.Read(temp.File("a.jsonl"));
        Assert.All(Questions, q => Assert.Equal(q.Turns.Count, answers[q.Id].Count));

        // The first turn is the model's own greedy answer to the question's end, whatever else was in the batch.
        Assert.Equal(model.Answer(["wo plus two?"], 12)[0], answers["82"][0]);
        Assert.All(answers.Values.SelectMany(a => a), a => Assert.True(System.Text.Encoding.UTF8.GetByteCount(a) <= 12 * 4));
    }

    [Fact]
    public void The_answer_command_feeds_the_judge_and_wants_exactly_one_backend()
    {
        using var temp = new TempFolder();
        var benchmark = temp.Write("mt.jsonl", string.Join("\n", Questions.Select(q => System.Text.Json.JsonSerializer.Serialize(new { question_id = q.Id, category = q.Category, turns = q.Turns }))) + "\n");
        LanguageModel.UseThreads(1);
        using (var model = LanguageModel.Create(new GptConfig(Layers: 1, Width: 32, Heads: 2, Context: 24), seed: 2))
        {
            model.Save(temp.File("ckpt/policy.pt"));
        }

        var answers = temp.File("answers.jsonl");
        var run = CliRunner.Run("answer", "-b", benchmark, "--checkpoint", temp.File("ckpt/policy.pt"), "-o", answers);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("answered 3 questions", run.Output);
        Assert.Contains("\"model\":\"embedded:ckpt/policy.pt\"", File.ReadAllText(answers));
        var again = CliRunner.Run("answer", "-b", benchmark, "--checkpoint", temp.File("ckpt/policy.pt"), "-o", answers);
        Assert.Contains("answered 0 questions", again.Output);
        Assert.Contains("3 were answered by an earlier run", again.Output);

        var judged = CliRunner.Run(["judge", "-b", benchmark, "-a", answers, "--mode", "grade", "-o", temp.File("judged.json")], new Dictionary<string, string>());
        Assert.True(judged.ExitCode == 0, judged.Error);
        Assert.Contains("judged 3", judged.Output);

        using var server = new LoopbackServer { Responder = Echo() };
        var served = CliRunner.Run(["answer", "-b", benchmark, "--endpoint", server.BaseUrl, "--model", "saves/run", "-o", temp.File("served.jsonl")],
            new Dictionary<string, string> { ["ANSWER_API_KEY"] = "sk-from-env" });
        Assert.True(served.ExitCode == 0, served.Error);
        Assert.All(server.Requests, r => Assert.Equal("Bearer sk-from-env", r.Authorization));
        Assert.All(server.Requests, r => Assert.Equal("saves/run", JsonNode.Parse(r.Body)!["model"]!.GetValue<string>()));
        Assert.DoesNotContain("sk-from-env", served.Output + served.Error + File.ReadAllText(temp.File("served.jsonl")));

        Assert.Equal(2, CliRunner.Run("answer", "-b", benchmark, "-o", temp.File("x.jsonl")).ExitCode);
        Assert.Equal(2, CliRunner.Run("answer", "-b", benchmark, "--checkpoint", temp.File("ckpt/policy.pt"), "--command", "gen {answers}", "-o", temp.File("x.jsonl")).ExitCode);
        Assert.Equal(2, CliRunner.Run("answer", "-b", benchmark, "--endpoint", server.BaseUrl, "-o", temp.File("x.jsonl")).ExitCode);
        Assert.Equal(2, CliRunner.Run("answer", "-b", benchmark, "--checkpoint", temp.File("ckpt/policy.pt"), "--slurm", "-o", temp.File("x.jsonl")).ExitCode);
        Assert.Equal(2, CliRunner.Run("answer", "-b", benchmark, "--checkpoint", temp.File("ckpt/policy.pt"), "--limit", "0", "-o", temp.File("x.jsonl")).ExitCode);
        var noAnswers = CliRunner.Run("answer", "-b", benchmark, "--command", "gen {questions}", "-o", temp.File("x.jsonl"));
        Assert.Equal(2, noAnswers.ExitCode);
        Assert.Contains("{answers}", noAnswers.Error);
    }
}
