using DataSearch.Models.Native;

namespace DataSearch.Tests.Models;

public class NativeAllocatorTests
{
    [Fact]
    public void Glibc_takes_both_thresholds_unless_the_caller_tuned_the_allocator()
    {
        var outcome = NativeAllocator.EnsureConfigured();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(AllocatorSetting.NotGlibc, outcome);
            return;
        }

        var expected = NativeAllocator.CallerTuned(Environment.GetEnvironmentVariable) ? AllocatorSetting.LeftToCaller : AllocatorSetting.Applied;
        Assert.Equal(expected, outcome);
    }

    [Theory]
    [InlineData("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1000", true)]
    [InlineData("GLIBC_TUNABLES", "glibc.pthread.rseq=0", false)]
    [InlineData("MALLOC_MMAP_THRESHOLD_", "65536", true)]
    [InlineData("MALLOC_TRIM_THRESHOLD_", "65536", true)]
    [InlineData("MALLOC_ARENA_MAX", "2", false)]
    public void A_caller_who_set_malloc_thresholds_keeps_them(string name, string value, bool tuned)
    {
        Assert.Equal(tuned, NativeAllocator.CallerTuned(n => n == name ? value : null));
    }
}
