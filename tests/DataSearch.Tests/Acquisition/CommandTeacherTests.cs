using DataSearch.Agents;
using DataSearch.Retrieval;
using DataSearch.Teachers;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.Acquisition;

public class CommandTeacherTests
{
    private const string Script = """
        #!/bin/sh
        request=$(cat)
        echo "$request" >> requests.log
        case "$request" in
          *'"kind":"answer"'*'unknown'*) printf '{"answer": null}\n' ;;
          *'"kind":"answer"'*) printf '{"answer": "42"}\n' ;;
          *'"kind":"read"'*'"title":"Orb"'*) printf '{"pairs": [{"question": "Capital of Orb?", "answer": "Ulm"}]}\n' ;;
          *'"kind":"read"'*) printf '{"pairs": []}\n' ;;
          *) printf '{"pairs": [{"question": "What is 1 plus 1?", "answer": "2"}, {"question": "", "answer": "dropped"}, {"question": "What is 2 plus 2?", "answer": "4"}]}\n' ;;
        esac
        """;

    [Fact]
    public void Requests_go_in_as_json_and_replies_come_back_as_pairs_and_answers()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("teacher.sh"), Script);
        var teacher = new CommandTeacher("sh teacher.sh", temp.Path, TimeSpan.FromSeconds(30));

        Assert.Equal([new TeacherPair("What is 1 plus 1?", "2"), new TeacherPair("What is 2 plus 2?", "4")], teacher.Demonstrate("add two numbers", 5, 7, default));
        Assert.Equal([new TeacherPair("What is 1 plus 1?", "2")], teacher.Demonstrate("add two numbers", 1, 7, default));
        Assert.Equal("42", teacher.Answer("What is 6 times 7?", 1, default));
        Assert.Null(teacher.Answer("an unknown question", 1, default));
        Assert.Equal([new TeacherPair("Capital of Orb?", "Ulm")], teacher.Read(new CorpusPassage("p1", "Orb", "Its capital is Ulm."), "capital questions", 3, default));
        Assert.Empty(teacher.Read(new CorpusPassage("p2", "Kest", "Kest is a river."), "capital questions", 3, default));
        var requests = File.ReadAllLines(temp.File("requests.log"));
        Assert.Contains(requests, r => r.Contains("\"kind\":\"demonstrate\"", StringComparison.Ordinal) && r.Contains("\"instruction\":\"add two numbers\"", StringComparison.Ordinal) && r.Contains("\"seed\":7", StringComparison.Ordinal));
        Assert.Contains(requests, r => r.Contains("\"kind\":\"read\"", StringComparison.Ordinal) && r.Contains("\"text\":\"Its capital is Ulm.\"", StringComparison.Ordinal) && r.Contains("\"instruction\":\"capital questions\"", StringComparison.Ordinal));
        Assert.NotEqual(teacher.Version, new CommandTeacher("sh other.sh", temp.Path, TimeSpan.FromSeconds(30)).Version);
    }

    [Theory]
    [InlineData("echo broken >&2; exit 3", "exit code 3: broken")]
    [InlineData("exec 0<&-; echo gone >&2; exit 4", "exit code 4: gone")]
    [InlineData("cat > /dev/null; echo 'not json'", "not one JSON object")]
    [InlineData("cat > /dev/null; echo '{\"answers\": []}'", "no \"pairs\" list")]
    [InlineData("sleep 20", "no reply within 1 s")]
    public void A_failing_teacher_command_makes_the_call_fail_with_the_reason(string command, string reason)
    {
        using var temp = new TempFolder();
        var teacher = new CommandTeacher(command, temp.Path, TimeSpan.FromSeconds(1));
        var error = Assert.Throws<AgentUnavailableException>(() => teacher.Demonstrate("x", 2, 1, default));
        Assert.Contains(reason, error.Message);
    }
}
