using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace GpuSpectral.Kernels.KsScan;

/// <summary>
/// The power-law xmin scan (WeightWatcher semantics: every position but the last is a candidate, α from the suffix
/// sum, D by brute force in float64, first minimum) for a batch of sorted arrays of different lengths, in one launch
/// per phase for the whole batch. Kernels are compiled once per accelerator (<see cref="For"/>).
/// </summary>
public sealed class KsScanLauncher
{
    private static readonly ConditionalWeakTable<Accelerator, KsScanLauncher> Cache = [];

    private readonly Action<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<int>, ArrayView<double>,
        ArrayView<double>> prepare;

    private readonly Action<Index1D, ArrayView<int>, ArrayView<int>, ArrayView<double>, ArrayView<double>,
        ArrayView<double>, int> distances;

    private readonly Action<Index1D, ArrayView<int>, ArrayView<double>, ArrayView<double>, ArrayView<int>,
        ArrayView<double>, ArrayView<double>> argMin;

    private KsScanLauncher(Accelerator accelerator)
    {
        Accelerator = accelerator;
        prepare = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<int>, ArrayView<int>,
            ArrayView<double>, ArrayView<double>>(KsScanKernels.Prepare);
        distances = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<int>,
            ArrayView<double>, ArrayView<double>, ArrayView<double>, int>(KsScanKernels.Distances);
        argMin = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<int>, ArrayView<double>,
            ArrayView<double>, ArrayView<int>, ArrayView<double>, ArrayView<double>>(KsScanKernels.ArgMin);
    }

    /// <summary>The accelerator the kernels were compiled for.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The launcher of <paramref name="accelerator"/>, compiling its kernels on first use.</summary>
    public static KsScanLauncher For(Accelerator accelerator)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        return Cache.GetValue(accelerator, static a => new KsScanLauncher(a));
    }

    /// <summary>
    /// Uploads the arrays, scans every candidate of every array on the device and returns each array's choice.
    /// </summary>
    /// <param name="sortedArrays">The fitted values of each array (e.g. eigenvalues above the threshold): ascending,
    /// finite, &gt; 0. Arrays with fewer than 2 values get index −1 and NaN.</param>
    /// <param name="landscape">When not null, receives per array its α and D of every candidate.</param>
    /// <returns>One result per array, in order.</returns>
    /// <exception cref="ArgumentException">An array is not ascending, finite and positive, or the batch holds more
    /// than 2³¹−1 values.</exception>
    public KsScanResult[] Scan(
        IReadOnlyList<double[]> sortedArrays, List<(double[] Alphas, double[] Distances)>? landscape = null)
    {
        ArgumentNullException.ThrowIfNull(sortedArrays);
        var count = sortedArrays.Count;
        if (count == 0)
        {
            return [];
        }

        var offsets = new int[count + 1];
        var candidateOffsets = new int[count + 1];
        long total = 0, candidates = 0;
        for (var b = 0; b < count; b++)
        {
            var a = sortedArrays[b] ?? throw new ArgumentException($"Array {b} is null.", nameof(sortedArrays));
            CheckSorted(a, b);
            total += a.Length;
            candidates += Math.Max(a.Length - 1, 0);
            if (total > int.MaxValue)
            {
                throw new ArgumentException($"At most {int.MaxValue} values per batch.", nameof(sortedArrays));
            }

            offsets[b + 1] = (int)total;
            candidateOffsets[b + 1] = (int)candidates;
        }

        var flat = new double[Math.Max(total, 1)];
        for (var b = 0; b < count; b++)
        {
            sortedArrays[b].CopyTo(flat, offsets[b]);
        }

        using var values = Accelerator.Allocate1D(flat);
        using var offsetBuffer = Accelerator.Allocate1D(offsets);
        using var candidateBuffer = Accelerator.Allocate1D(candidateOffsets);
        using var logs = Accelerator.Allocate1D<double>(flat.Length);
        using var alphas = Accelerator.Allocate1D<double>(Math.Max(candidates, 1));
        using var ds = Accelerator.Allocate1D<double>(Math.Max(candidates, 1));
        using var bestIndex = Accelerator.Allocate1D<int>(count);
        using var bestAlpha = Accelerator.Allocate1D<double>(count);
        using var bestD = Accelerator.Allocate1D<double>(count);

        prepare(count, values.View, offsetBuffer.View, candidateBuffer.View, logs.View, alphas.View);
        if (candidates > 0)
        {
            distances((int)candidates, offsetBuffer.View, candidateBuffer.View, logs.View, alphas.View, ds.View,
                count);
        }

        argMin(count, candidateBuffer.View, alphas.View, ds.View, bestIndex.View, bestAlpha.View, bestD.View);
        Accelerator.Synchronize();

        var index = bestIndex.GetAsArray1D();
        var alpha = bestAlpha.GetAsArray1D();
        var d = bestD.GetAsArray1D();
        if (landscape is not null)
        {
            var allAlphas = alphas.GetAsArray1D();
            var allDs = ds.GetAsArray1D();
            for (var b = 0; b < count; b++)
            {
                var from = candidateOffsets[b];
                var to = candidateOffsets[b + 1];
                landscape.Add((allAlphas[from..to], allDs[from..to]));
            }
        }

        var results = new KsScanResult[count];
        for (var b = 0; b < count; b++)
        {
            results[b] = new KsScanResult(index[b], alpha[b], d[b]);
        }

        return results;
    }

    private static void CheckSorted(double[] values, int array)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (!(v > 0) || double.IsPositiveInfinity(v) || (i > 0 && v < values[i - 1]))
            {
                throw new ArgumentException(
                    $"Array {array}: values must be finite, > 0 and sorted ascending (position {i} is {v}).",
                    nameof(values));
            }
        }
    }
}
