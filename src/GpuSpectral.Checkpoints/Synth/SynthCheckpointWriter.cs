using System.Buffers.Binary;
using System.Globalization;
using GpuSpectral.Core.Tensors;

namespace GpuSpectral.Checkpoints.Synth;

/// <summary>
/// Writes a synthetic Hugging Face style sharded safetensors checkpoint (shards, <c>model.safetensors.index.json</c>,
/// <c>config.json</c>) streaming: one block of rows (about 1 Mi elements) in memory at a time. On any failure
/// (disk full, cancellation) the files it created are removed before the exception propagates.
/// </summary>
public static class SynthCheckpointWriter
{
    /// <summary>Elements drawn per block (a block is whole rows, at least one).</summary>
    public const int BlockElements = 1 << 20;

    private const int ProgressEveryBytes = 8 << 20;

    /// <summary>Plans and writes the checkpoint described by <paramref name="options"/> into
    /// <paramref name="outputFolder"/> (created if missing).</summary>
    /// <returns>The plan that was written.</returns>
    /// <exception cref="IOException">The folder is not empty and <see cref="SynthOptions.Overwrite"/> is off, the
    /// disk lacks room (checked before writing when the free space can be read), or a write failed; the message
    /// says which, and partial files are already removed.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; partial files are removed.</exception>
    public static SynthPlan Write(string outputFolder, SynthOptions options, IProgress<SynthProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        Write(outputFolder, options, progress, path => new FileStream(path, FileMode.Create, FileAccess.Write,
            FileShare.None, 1 << 20), cancellationToken);

    /// <summary>As the public overload, with the file factory replaceable (tests simulate a full disk).</summary>
    internal static SynthPlan Write(string outputFolder, SynthOptions options, IProgress<SynthProgress>? progress,
        Func<string, Stream> openFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outputFolder);
        ArgumentNullException.ThrowIfNull(options);
        var plan = SynthPlan.Create(options);
        PrepareFolder(outputFolder, options.Overwrite);
        CheckFreeSpace(outputFolder, plan.TotalFileBytes);

        var created = new List<string>();
        var current = "";
        long written = 0;
        try
        {
            foreach (var shard in plan.Shards)
            {
                current = Path.Combine(outputFolder, shard.FileName);
                created.Add(current);
                using var stream = openFile(current);
                written = WriteShard(stream, plan, shard, written, progress, cancellationToken);
            }

            current = Path.Combine(outputFolder, SynthMetadataFiles.IndexFileName);
            created.Add(current);
            using (var s = openFile(current))
            {
                SynthMetadataFiles.WriteIndex(s, plan);
            }

            current = Path.Combine(outputFolder, SynthMetadataFiles.ConfigFileName);
            created.Add(current);
            using (var s = openFile(current))
            {
                SynthMetadataFiles.WriteConfig(s, plan);
            }
        }
        catch (IOException e)
        {
            RemoveAll(created);
            throw new IOException(Describe(e, current, written, plan.TotalFileBytes), e);
        }
        catch
        {
            RemoveAll(created);
            throw;
        }

        return plan;
    }

    private static long WriteShard(Stream stream, SynthPlan plan, SynthShard shard, long written,
        IProgress<SynthProgress>? progress, CancellationToken ct)
    {
        var header = SynthSafeTensorsHeader.Build(shard.Tensors, plan.Options.DType);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        written += 8 + header.Length;
        var elementSize = DTypeInfo.SizeInBytes(plan.Options.DType);
        var maxColumns = shard.Tensors.Max(t => t.Spec.Columns);
        var floats = new float[Math.Max(BlockElements, maxColumns)];
        var bytes = new byte[floats.Length * elementSize];
        var lastReport = written;
        foreach (var placed in shard.Tensors)
        {
            var spec = placed.Spec;
            var weights = new SynthWeights(spec, plan.Options.Seed, plan.Config.LayerCount);
            var columns = (int)spec.Columns;
            var rowsPerBlock = Math.Max(1, BlockElements / columns);
            for (long row = 0; row < spec.Rows; row += rowsPerBlock)
            {
                ct.ThrowIfCancellationRequested();
                var rows = (int)Math.Min(rowsPerBlock, spec.Rows - row);
                var count = rows * columns;
                weights.FillRows(row, rows, floats, ct);
                var n = Encode(floats.AsSpan(0, count), bytes, plan.Options.DType);
                stream.Write(bytes, 0, n);
                written += n;
                if (progress is not null && written - lastReport >= ProgressEveryBytes)
                {
                    lastReport = written;
                    progress.Report(new SynthProgress(written, plan.TotalFileBytes, spec.Name));
                }
            }
        }

        stream.Flush();
        progress?.Report(new SynthProgress(written, plan.TotalFileBytes, shard.Tensors[^1].Spec.Name));
        return written;
    }

    /// <summary>Little-endian encoding of <paramref name="values"/> into <paramref name="destination"/>.</summary>
    /// <returns>Bytes written.</returns>
    internal static int Encode(ReadOnlySpan<float> values, Span<byte> destination, DType dtype)
    {
        switch (dtype)
        {
            case DType.F32:
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(destination[(4 * i)..], values[i]);
                }

                return 4 * values.Length;
            case DType.F16:
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[(2 * i)..],
                        HalfPrecision.ToFloat16Bits(values[i]));
                }

                return 2 * values.Length;
            default:
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(destination[(2 * i)..],
                        HalfPrecision.ToBFloat16Bits(values[i]));
                }

                return 2 * values.Length;
        }
    }

    private static void PrepareFolder(string folder, bool overwrite)
    {
        if (File.Exists(folder))
        {
            throw new IOException($"output path '{folder}' is a file, not a folder");
        }

        if (!Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
            return;
        }

        if (!Directory.EnumerateFileSystemEntries(folder).Any())
        {
            return;
        }

        if (!overwrite)
        {
            throw new IOException($"output folder '{folder}' is not empty (overwrite it with --force)");
        }

        // Remove what an earlier run wrote (other shard counts included); leave anything else alone.
        foreach (var f in Directory.EnumerateFiles(folder, "model-*-of-*.safetensors")
                     .Append(Path.Combine(folder, SynthMetadataFiles.IndexFileName))
                     .Append(Path.Combine(folder, SynthMetadataFiles.ConfigFileName)))
        {
            File.Delete(f);
        }
    }

    private static void CheckFreeSpace(string folder, long needed)
    {
        long available;
        try
        {
            available = new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return; // Free space unknown here: the write itself will report a full disk.
        }

        if (available < needed)
        {
            throw new IOException(string.Create(CultureInfo.InvariantCulture,
                $"not enough free space in '{folder}': the checkpoint needs {needed:N0} bytes, {available:N0} are available"));
        }
    }

    private static string Describe(IOException e, string file, long written, long total)
    {
        // ENOSPC (28) and EDQUOT (122) on Linux; ERROR_DISK_FULL (112) and ERROR_HANDLE_DISK_FULL (39) on Windows.
        var full = (e.HResult & 0xFFFF) is 28 or 122 or 112 or 39
            || e.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase);
        var what = full ? "disk full" : "write failed";
        return string.Create(CultureInfo.InvariantCulture,
            $"{what} while writing '{file}' after {written:N0} of {total:N0} bytes ({e.Message.ReplaceLineEndings(" ")}); partial files removed");
    }

    private static void RemoveAll(List<string> files)
    {
        foreach (var f in files)
        {
            try
            {
                File.Delete(f);
            }
            catch (IOException)
            {
                // Best effort: the original error is what the caller needs to see.
            }
            catch (UnauthorizedAccessException)
            {
                // Same.
            }
        }
    }
}
