using DataSearch.IO;
using DataSearch.Tests.Support;

namespace DataSearch.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void A_writer_that_fails_midway_leaves_the_old_content_and_no_temporary_file()
    {
        using var temp = new TempFolder();
        var path = temp.Write("data.txt", "old content");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("new, half writ"u8);
            throw new InvalidOperationException("simulated crash");
        }));
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_completed_write_replaces_the_content_and_creates_folders()
    {
        using var temp = new TempFolder();
        var path = temp.File(Path.Combine("a", "b", "data.txt"));
        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");
        Assert.Equal("second", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }
}
