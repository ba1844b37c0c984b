using System.Text.Json;
using DataSearch.Cli;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Cli;

/// <summary>
/// <c>acquire</c> with a policy the user trains and serves (<c>policy.kind: command | endpoint</c>): the
/// contract's files, the reuse of finished trainings on resume, and answering through an endpoint.
/// </summary>
[Collection(nameof(ModelCollection))]
public class AcquirePolicyBackendTests
{
    // A "trainer" whose model is a memory of every pair it was trained on (and of the model it started
    // from), and an "answerer" that recalls a question's answer exactly or says nothing: it gains exactly
    // when the acquired data holds the tested facts. Each call is logged with the values it was given.
    private const string Trainer = """
        import json, os, sys
        source, data, out, steps, seed, log = sys.argv[1:7]
        memory = {}
        if os.path.isdir(source):
            memory.update(json.load(open(os.path.join(source, "memory.json"))))
        for line in open(data):
            row = json.loads(line)
            memory[row["prompt"]] = row["response"]
        json.dump(memory, open(os.path.join(out, "memory.json"), "w"))
        with open(log, "a") as f:
            f.write(json.dumps({"from": source, "out": out, "steps": int(steps), "seed": seed}) + "\n")
        """;

    private const string Answerer = """
        import json, os, sys
        model, questions, answers, log = sys.argv[1:5]
        memory = json.load(open(os.path.join(model, "memory.json"))) if os.path.isdir(model) else {}
        rows = [json.loads(l) for l in open(questions) if l.strip()]
        with open(log, "a") as f:
            for row in rows:
                f.write(json.dumps(row) + "\n")
        with open(answers, "w") as f:
            for row in rows:
                f.write(json.dumps({"id": row["id"], "answer": memory.get(row["question"], "")}) + "\n")
        """;

    private const string Settings = """
        world_size: small
        world_seed: 2
        model: tiny
        iterations: 1
        tasks_per_iteration: 2
        trajectories_per_task: 1
        policy:
          seed_samples: 30
          seed_steps: 7
          update_steps: 5
          policy_steps: 4
          batch_size: 4
        """;

    [Fact]
    public void A_command_policy_is_trained_and_asked_through_the_contract_learns_from_retrieval_and_resumes_without_training_again()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        temp.Write("train.py", Trainer);
        temp.Write("answer.py", Answerer);
        var config = temp.Write("ads.yaml", Settings + "\n" + """
              kind: command
              base_model: nothing-yet
              train_command: python3 train.py {from_model} {data} {model_dir} {steps} {seed} trained.log
              answer_command: python3 answer.py {model_dir} {questions} {answers} asked.log
            """);
        var runFolder = temp.File("run");
        var run = CliRunner.Run("acquire", "-c", config, "-o", runFolder);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);

        // The base policy: base_model trained on the seed samples for seed_steps; every later policy
        // starts from a folder of an earlier one, with update_steps or policy_steps.
        var trained = File.ReadAllLines(temp.File("trained.log")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal("nothing-yet", trained[0].GetProperty("from").GetString());
        Assert.Equal(7, trained[0].GetProperty("steps").GetInt32());
        Assert.All(trained.Skip(1), t => Assert.StartsWith(Path.Combine(runFolder, "policies"), t.GetProperty("from").GetString(), StringComparison.Ordinal));
        Assert.Contains(trained, t => t.GetProperty("steps").GetInt32() == 5);
        Assert.Equal(trained.Count, Directory.GetFiles(Path.Combine(runFolder, "policies"), "*.done").Length);
        var pointer = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "checkpoints", "base_policy.pt.json"))).RootElement;
        Assert.Equal("command", pointer.GetProperty("kind").GetString());
        Assert.True(File.Exists(Path.Combine(runFolder, "policies", pointer.GetProperty("id").GetString() + ".done")));

        // Only ids and questions ever reach the answerer.
        var asked = File.ReadAllLines(temp.File("asked.log")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.NotEmpty(asked);
        Assert.All(asked, q => Assert.Equal(["id", "question"], q.EnumerateObject().Select(p => p.Name)));

        // Retrieval brings the hidden facts in the tasks' question form, so a memory of the acquired data
        // answers knowledge questions it could not before: the policy really learned through the contract.
        var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results", "evaluation_results.json"))).RootElement;
        var knowledge = evaluation.GetProperty("task_results").EnumerateArray().Where(t => t.GetProperty("task_id").GetString()!.StartsWith("knowledge", StringComparison.Ordinal)).ToList();
        Assert.Contains(knowledge, t => t.GetProperty("score").GetDouble() > t.GetProperty("base_score").GetDouble());

        // Evaluating again trains nothing: every update asked for is one already finished.
        var before = trained.Count;
        var again = CliRunner.Run("acquire", "--evaluate-only", runFolder);
        Assert.True(again.ExitCode == ExitCodes.Success, again.Error);
        Assert.Equal(before, File.ReadAllLines(temp.File("trained.log")).Length);
    }

    [Fact]
    public void An_endpoint_policy_answers_through_the_server_with_the_trained_policys_name_and_retries_a_rate_limit()
    {
        using var temp = new TempFolder();
        using var cache = ModelCache.UseTemporary();
        using var server = new LoopbackServer();
        server.Then(new LoopbackServer.Reply(429, "{}", RetryAfterSeconds: "0"));
        var runFolder = temp.File("run");
        server.Responder = request =>
        {
            // The server serves each trained policy under its id: it recalls what that policy was trained on.
            var body = System.Text.Json.Nodes.JsonNode.Parse(request.Body)!;
            var question = body["messages"]![0]!["content"]!.GetValue<string>();
            var memory = Path.Combine(runFolder, "policies", body["model"]!.GetValue<string>(), "memory.json");
            var known = File.Exists(memory) ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(memory))! : [];
            if (question.StartsWith("Worked examples:", StringComparison.Ordinal))
            {
                // A perfect in-context reader: it answers the last question from an example that asked it.
                var lines = question.Split('\n');
                var asked = lines[^1]["Question: ".Length..];
                var shown = Enumerable.Range(0, lines.Length - 1).Where(i => lines[i] == $"Question: {asked}" && lines[i + 1].StartsWith("Answer: ", StringComparison.Ordinal)).ToList();
                return new(200, LoopbackServer.Completion(shown.Count > 0 ? lines[shown[0] + 1]["Answer: ".Length..] : "no idea"));
            }

            return new(200, LoopbackServer.Completion(known.GetValueOrDefault(question, "no idea")));
        };
        temp.Write("train.py", Trainer);
        var config = temp.Write("ads.yaml", Settings + "\n" + """
              kind: endpoint
              base_model: served-base
              train_command: python3 train.py {from_model} {data} {model_dir} {steps} {seed} trained.log
              serve_command: echo {model_id} >> served.log
            in_context:
              enabled: true
              examples: 3
            """);
        var variables = new Dictionary<string, string> { ["OPENAI_BASE_URL"] = server.BaseUrl, ["LLM_MODEL"] = "unused" };
        var run = CliRunner.Run(["acquire", "-c", config, "-o", runFolder], variables);
        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);

        var requests = server.Requests.Select(r => System.Text.Json.Nodes.JsonNode.Parse(r.Body)!).ToList();
        var models = requests.Select(r => r["model"]!.GetValue<string>()).ToHashSet();
        var served = File.ReadAllLines(temp.File("served.log")).Select(l => l.Trim()).ToHashSet();
        Assert.NotEmpty(served);
        Assert.All(models.Where(m => m != "base"), m => Assert.Contains(m, served)); // asked only of models it was told to serve
        Assert.True(requests.Count > 10, $"{requests.Count} requests");
        var received = server.Requests.ToList();
        Assert.Equal(received[0].Body, received[1].Body); // the rate-limited request was sent again

        // Answered through the endpoint, the policy trained on retrieved facts knows what the base did not.
        var evaluation = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results", "evaluation_results.json"))).RootElement;
        Assert.Contains(evaluation.GetProperty("task_results").EnumerateArray(), t => t.GetProperty("score").GetDouble() > t.GetProperty("base_score").GetDouble());

        // In-context use goes through the same endpoint: the base policy reads the nearest acquired samples in its prompt.
        var inContext = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results", "in_context_results.json"))).RootElement;
        Assert.Equal("policy", inContext.GetProperty("metrics").GetProperty("reader").GetString());
        Assert.Contains(inContext.GetProperty("task_results").EnumerateArray(), t => t.GetProperty("in_context_score").GetDouble() > t.GetProperty("no_context_score").GetDouble());
        Assert.Contains(requests, r => r["messages"]![0]!["content"]!.GetValue<string>().StartsWith("Worked examples:", StringComparison.Ordinal));
    }

    [Fact]
    public void Policy_settings_that_cannot_work_are_refused_before_anything_runs()
    {
        using var temp = new TempFolder();
        var noAnswer = temp.Write("a.yaml", Settings + "\n  kind: command\n  train_command: python3 t.py {from_model} {data} {model_dir}\n");
        var refused = CliRunner.Run("acquire", "-c", noAnswer, "-o", temp.File("run"));
        Assert.NotEqual(ExitCodes.Success, refused.ExitCode);
        Assert.Contains("policy.answer_command", refused.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("run")));

        var unknown = temp.Write("b.yaml", Settings + "\n  kind: command\n  train_command: python3 t.py {from} {data}\n  answer_command: x {questions} {answers}\n");
        var placeholder = CliRunner.Run("acquire", "-c", unknown, "-o", temp.File("run"));
        Assert.NotEqual(ExitCodes.Success, placeholder.ExitCode);
        Assert.Contains("policy.train_command: unknown placeholder(s) {from}", placeholder.Error, StringComparison.Ordinal);

        var kind = CliRunner.Run("acquire", "-c", temp.Write("c.yaml", Settings + "\n  kind: vllm\n"), "-o", temp.File("run"));
        Assert.Contains("policy.kind: 'vllm' is not embedded, command or endpoint", kind.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_model_behind_the_contract_trains_on_pairs_and_answers_each_question_id()
    {
        using var temp = new TempFolder();
        var data = temp.Write("data.jsonl", string.Concat(Enumerable.Range(0, 40).Select(i => JsonSerializer.Serialize(new { prompt = $"rev ab{i % 4}", response = $"{i % 4}ba" }) + "\n")));
        var model = temp.File("model");
        var train = CliRunner.Run("policy", "train", "--from", "tiny", "--data", data, "--out", model, "--steps", "60", "--seed", "3", "--learning-rate", "0.01");
        Assert.True(train.ExitCode == ExitCodes.Success, train.Error);
        var questions = temp.Write("q.jsonl", "{\"id\": \"a\", \"question\": \"rev ab1\"}\n{\"id\": \"b\", \"question\": \"rev ab2\"}\n");
        var answers = temp.File("answers.jsonl");
        var answer = CliRunner.Run("policy", "answer", "--model", model, "--questions", questions, "--answers", answers);
        Assert.True(answer.ExitCode == ExitCodes.Success, answer.Error);
        var rows = File.ReadAllLines(answers).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["a", "b"], rows.Select(r => r.GetProperty("id").GetString()));
        var read = DataSearch.Acquisition.Policies.CommandPolicyBackend.ReadAnswers(temp.Write("numbered.jsonl", "{\"id\": \"1\", \"answer\": \"x\"}\n{\"id\": \"0\", \"answer\": \"y\"}\n"), 2);
        Assert.Equal(["y", "x"], read);

        // Continuing from the folder trains further: the memorised answers come out.
        var more = CliRunner.Run("policy", "train", "--from", model, "--data", data, "--out", temp.File("model2"), "--steps", "200", "--seed", "4", "--learning-rate", "0.01");
        Assert.True(more.ExitCode == ExitCodes.Success, more.Error);
        Assert.True(CliRunner.Run("policy", "answer", "--model", temp.File("model2"), "--questions", questions, "--answers", answers).ExitCode == ExitCodes.Success);
        var after = File.ReadAllLines(answers).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("answer").GetString()).ToList();
        Assert.Contains("1ba", after[0], StringComparison.Ordinal);

        var broken = temp.Write("broken.jsonl", "{\"prompt\": \"x\"}\n");
        var refused = CliRunner.Run("policy", "train", "--from", "tiny", "--data", broken, "--out", temp.File("m3"), "--steps", "1");
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("broken.jsonl:1: field 'response' must be a string", refused.Error, StringComparison.Ordinal);
    }
}
