using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace GpuSpectral.Lsa.Diagnostics;

/// <summary>Document embeddings U_K·Σ_K and a minimal <c>.npy</c> writer for them.</summary>
public static class Embedding
{
    /// <summary>Row-major documents × k embedding: E[d, j] = U[d, j]·σⱼ with σⱼ = √λⱼ (units of X's entries).</summary>
    /// <param name="left">Unit left singular vectors, documents × ≥k, column-major (<see cref="Spectrum.SingularVectors.Left"/>).</param>
    /// <param name="documents">Number of documents (vector length).</param>
    /// <param name="eigenvalues">λ, largest first, at least k of them; λ ≤ 0 gives σ = 0.</param>
    /// <param name="k">Embedding dimension.</param>
    public static double[] Documents(double[] left, int documents, ReadOnlySpan<double> eigenvalues, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, eigenvalues.Length);
        var e = new double[(long)documents * k];
        for (var j = 0; j < k; j++)
        {
            var sigma = Math.Sqrt(Math.Max(eigenvalues[j], 0.0));
            for (var d = 0; d < documents; d++)
            {
                e[((long)d * k) + j] = left[((long)j * documents) + d] * sigma;
            }
        }

        return e;
    }

    /// <summary>Writes a row-major rows × cols float64 array as NPY 1.0 (<c>&lt;f8</c>, C order, header padded with
    /// spaces and a newline so the data starts at a multiple of 64 bytes).</summary>
    public static void WriteNpy(Stream stream, ReadOnlySpan<double> data, int rows, int cols)
    {
        if ((long)rows * cols != data.Length)
        {
            throw new ArgumentException($"{rows}×{cols} needs {(long)rows * cols} values, got {data.Length}.",
                nameof(data));
        }

        var dict = string.Create(CultureInfo.InvariantCulture,
            $"{{'descr': '<f8', 'fortran_order': False, 'shape': ({rows}, {cols}), }}");
        var total = (10 + dict.Length + 1 + 63) / 64 * 64;
        var header = dict.PadRight(total - 10 - 1) + "\n";
        var prefix = new byte[10];
        prefix[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY", prefix.AsSpan(1));
        prefix[6] = 1;
        prefix[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(prefix.AsSpan(8), (ushort)header.Length);
        stream.Write(prefix);
        stream.Write(Encoding.ASCII.GetBytes(header));
        var buffer = new byte[8 * 4096];
        for (var i = 0; i < data.Length; i += 4096)
        {
            var n = Math.Min(4096, data.Length - i);
            for (var j = 0; j < n; j++)
            {
                BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(8 * j), data[i + j]);
            }

            stream.Write(buffer, 0, 8 * n);
        }
    }

    /// <summary>As <see cref="WriteNpy(Stream, ReadOnlySpan{double}, int, int)"/> to a new file at
    /// <paramref name="path"/> (overwritten).</summary>
    public static void WriteNpy(string path, ReadOnlySpan<double> data, int rows, int cols)
    {
        using var file = File.Create(path);
        WriteNpy(file, data, rows, cols);
    }
}
