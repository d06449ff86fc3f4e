using System.Numerics;
using System.Runtime.InteropServices;

namespace GpuSpectral.Compute.Cpu;

/// <summary>Argument checks shared by the CPU eigen backends.</summary>
internal static class GramInput
{
    /// <summary>
    /// Checks that <paramref name="rows"/> and <paramref name="cols"/> are ≥ 1 and that the span holds exactly
    /// rows·cols elements; returns n = min(rows, cols) (the Gram order) and k = max(rows, cols).
    /// </summary>
    /// <exception cref="ArgumentException">A size is &lt; 1 or does not match the span.</exception>
    public static (int N, int K) Validate(ReadOnlySpan<double> w, int rows, int cols)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        if ((long)rows * cols != w.Length)
        {
            throw new ArgumentException(
                $"A {rows}×{cols} matrix needs {(long)rows * cols} elements but the span holds {w.Length}.",
                nameof(w));
        }

        return (Math.Min(rows, cols), Math.Max(rows, cols));
    }

    /// <summary>Throws <see cref="ArithmeticException"/> when any element is NaN or ±∞.</summary>
    /// <param name="values">Values to check.</param>
    /// <param name="what">What the values are, for the message (for example "input matrix").</param>
    public static void ThrowIfNotFinite(ReadOnlySpan<double> values, string what)
    {
        // x − x is 0 for finite x and NaN for NaN/±∞, so a NaN anywhere in the running sum flags a bad element.
        var acc = Vector<double>.Zero;
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
        foreach (var v in vectors)
        {
            acc += v - v;
        }

        var bad = Vector.Sum(acc) != 0; // true for NaN too
        for (var i = vectors.Length * Vector<double>.Count; i < values.Length && !bad; i++)
        {
            bad = !double.IsFinite(values[i]);
        }

        if (!bad)
        {
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArithmeticException(
                    $"The {what} holds a non-finite value ({values[i]}) at element {i}; eigenvalues are undefined.");
            }
        }
    }
}
