using DataSearch.Models.Native;
using DataSearch.Tests.Support;
using TorchSharp;

namespace DataSearch.Tests.Models;

public class TorchSharpLoaderTests
{
    private static string NuGetCopy() =>
        Path.Combine(
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void Torch_loads_and_computes_after_the_patch()
    {
        var patched = TorchSharpLoader.EnsurePatched();
        Assert.NotEmpty(patched);
        var product = torch.tensor(new float[] { 1, 2, 3 }).dot(torch.tensor(new float[] { 4, 5, 6 })).item<float>();
        Assert.Equal(32f, product);
    }

    [Fact]
    public void Marking_the_version_weak_changes_only_its_flag_and_is_idempotent()
    {
        var original = NuGetCopy();
        Assert.True(File.Exists(original), $"TorchSharp's native library is expected at {original}");
        using var temp = new TempFolder();
        var copy = temp.File("libLibTorchSharp.so");
        File.Copy(original, copy);
        var before = File.ReadAllBytes(copy);
        Assert.Contains(ElfVersionNeeds.List(before), n => n.Version == TorchSharpLoader.MissingVersion && !n.Weak);

        Assert.Equal(WeakVersionOutcome.Patched, ElfVersionNeeds.MarkWeak(copy, TorchSharpLoader.MissingVersion));
        var after = File.ReadAllBytes(copy);
        var needs = ElfVersionNeeds.List(after);
        Assert.Contains(needs, n => n.Version == TorchSharpLoader.MissingVersion && n.Weak);
        Assert.All(needs.Where(n => n.Version != TorchSharpLoader.MissingVersion), n => Assert.False(n.Weak));
        Assert.Equal(1, before.Zip(after).Count(pair => pair.First != pair.Second));

        Assert.Equal(WeakVersionOutcome.AlreadyWeak, ElfVersionNeeds.MarkWeak(copy, TorchSharpLoader.MissingVersion));
        Assert.Equal(after, File.ReadAllBytes(copy));
        Assert.Equal(WeakVersionOutcome.NotNeeded, ElfVersionNeeds.MarkWeak(copy, "GLIBCXX_9.9.9"));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.List("not an elf file at all, clearly not one, no no no no no no no no"u8));
    }
}
