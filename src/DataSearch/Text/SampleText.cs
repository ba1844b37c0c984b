using System.Text;
using DataSearch.Pool;

namespace DataSearch.Text;

/// <summary>
/// The parts of a sample that signals read. The response is the last assistant message; the
/// instruction is every message before it (system and user turns, earlier exchanges) joined by newlines.
/// </summary>
public static class SampleText
{
    /// <summary>Index of the last assistant message of sample <paramref name="index"/>, or -1.</summary>
    public static int ResponseMessage(SamplePool pool, int index)
    {
        ArgumentNullException.ThrowIfNull(pool);
        for (var m = pool.GetMessageCount(index) - 1; m >= 0; m--)
        {
            if (pool.GetRole(index, m) == ChatRole.Assistant)
            {
                return m;
            }
        }

        return -1;
    }

    /// <summary>The instruction: every message before the last assistant message.</summary>
    public static string Instruction(SamplePool pool, int index)
    {
        var response = ResponseMessage(pool, index);
        var end = response < 0 ? pool.GetMessageCount(index) : response;
        return Join(pool, index, 0, end);
    }

    /// <summary>The last assistant message, or the empty string.</summary>
    public static string Response(SamplePool pool, int index)
    {
        var response = ResponseMessage(pool, index);
        return response < 0 ? string.Empty : pool.GetContent(index, response);
    }

    /// <summary>All message contents joined by newlines.</summary>
    public static string Full(SamplePool pool, int index) => Join(pool, index, 0, pool.GetMessageCount(index));

    private static string Join(SamplePool pool, int index, int start, int end)
    {
        if (end - start == 1)
        {
            return pool.GetContent(index, start);
        }

        var text = new StringBuilder();
        for (var m = start; m < end; m++)
        {
            if (m > start)
            {
                text.Append('\n');
            }

            text.Append(pool.GetContent(index, m));
        }

        return text.ToString();
    }
}
