using GpuSpectral.Core.Errors;

namespace GpuSpectral.Checkpoints.Tests.Support;

/// <summary>Reading helpers and failure properties shared by the per-format reader tests.</summary>
internal static class ReaderAssert
{
    /// <summary>Opens a reader with <paramref name="open"/>, reads every tensor, disposes it; returns the count.</summary>
    public static int OpenAndReadAll(Func<ICheckpointReader> open)
    {
        using var reader = open();
        foreach (var t in reader.Tensors)
        {
            reader.ReadAsDouble(t, new double[t.ElementCount]);
        }

        return reader.Tensors.Count;
    }

    /// <summary>Reads the one tensor called <paramref name="name"/>.</summary>
    public static double[] Read(ICheckpointReader reader, string name)
    {
        var t = reader.Tensors.Single(x => x.Name == name);
        var v = new double[t.ElementCount];
        reader.ReadAsDouble(t, v);
        return v;
    }

    /// <summary>
    /// The fuzzing property: <paramref name="openAndReadAll"/> on <paramref name="path"/> either succeeds or throws
    /// <see cref="CheckpointFormatException"/> naming the path; any other exception fails, labelled
    /// <paramref name="what"/>.
    /// </summary>
    public static void OnlyTypedFailures(string path, string what, Func<string, int> openAndReadAll)
    {
        try
        {
            openAndReadAll(path);
        }
        catch (CheckpointFormatException e)
        {
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
        }
    }

    /// <summary>
    /// Asserts that <paramref name="openAndReadAll"/> on <paramref name="path"/> throws a one-line
    /// <see cref="CheckpointFormatException"/> whose message names the path; returns it for further checks.
    /// </summary>
    public static CheckpointFormatException ThrowsNamingFile(string path, Func<string, int> openAndReadAll)
    {
        var e = Assert.Throws<CheckpointFormatException>(() => openAndReadAll(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }
}
