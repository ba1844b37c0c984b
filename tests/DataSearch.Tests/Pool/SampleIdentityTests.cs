using CsCheck;
using DataSearch.Pool;

namespace DataSearch.Tests.Pool;

public class SampleIdentityTests
{
    // Golden values: the first 16 hex digits of `sha256sum` over the normalised bytes the id is defined on,
    // computed outside this code, e.g.
    //   printf 'user\x1fWhat is 2+2?\x1eassistant\x1f4\x1e' | sha256sum | cut -c1-16
    [Fact]
    public void Id_is_the_sha256_prefix_of_the_normalised_conversation()
    {
        ChatMessage[] messages = [new(ChatRole.User, "What is 2+2?"), new(ChatRole.Assistant, "4")];
        Assert.Equal("6a7bbd0279b3e17e", SampleIdentity.IdFor(SampleIdentity.ContentHash(messages), 1));
    }

    [Fact]
    public void Id_hashes_non_ascii_text_as_utf8()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.System, "Be brief."),
            new(ChatRole.User, "Café — naïve?"),
            new(ChatRole.Assistant, "Oui."),
        ];
        Assert.Equal("d4300e65939d9c6a", SampleIdentity.IdFor(SampleIdentity.ContentHash(messages), 1));
    }

    [Fact]
    public void Line_endings_and_surrounding_space_do_not_change_the_hash()
    {
        ChatMessage[] plain = [new(ChatRole.User, "a\nb"), new(ChatRole.Assistant, "c")];
        ChatMessage[] noisy = [new(ChatRole.User, "  a\r\nb \n"), new(ChatRole.Assistant, "c\t")];
        Assert.Equal(SampleIdentity.ContentHash(plain), SampleIdentity.ContentHash(noisy));
    }

    [Fact]
    public void Role_and_message_boundaries_change_the_hash()
    {
        ChatMessage[] asked = [new(ChatRole.User, "x"), new(ChatRole.Assistant, "y")];
        ChatMessage[] swapped = [new(ChatRole.Assistant, "x"), new(ChatRole.User, "y")];
        ChatMessage[] merged = [new(ChatRole.User, "xy")];
        Assert.NotEqual(SampleIdentity.ContentHash(asked), SampleIdentity.ContentHash(swapped));
        Assert.NotEqual(SampleIdentity.ContentHash(asked), SampleIdentity.ContentHash(merged));
    }

    [Fact]
    public void Later_exact_duplicates_get_an_occurrence_suffix()
    {
        Assert.Equal("00000000000000ff", SampleIdentity.IdFor(0xff, 1));
        Assert.Equal("00000000000000ff-2", SampleIdentity.IdFor(0xff, 2));
    }

    [Fact]
    public void Hash_is_a_pure_function_of_roles_and_normalised_content()
    {
        var content = Gen.Char["ab c\n"].Array[0, 20].Select(chars => new string(chars));
        var message = Gen.Select(Gen.Enum<ChatRole>(), content, (role, text) => new ChatMessage(role, text));
        message.Array[1, 5].Sample(messages =>
        {
            var copy = messages.Select(m => new ChatMessage(m.Role, " " + m.Content.Replace("\n", "\r\n") + "\n")).ToArray();
            Assert.Equal(SampleIdentity.ContentHash(messages), SampleIdentity.ContentHash(copy));
        });
    }
}
