using System.Globalization;
using GpuSpectral.TestSupport;

namespace GpuSpectral.Compute.Tests.Randomization;

/// <summary>
/// One fixture layer as WeightWatcher saw it: its normalized matrices (npz member; conv kernels sliced per kh·kw and
/// scaled by sqrt(1/2) in float32, as WW does under NumPy 1.24), its eigenvalues from <c>expected_X_evals.npz</c>
/// and its row of <c>expected_X_details_mp_random.csv</c>.
/// </summary>
internal sealed record FixtureLayer(
    string Name, List<double[]> Slices, int Rows, int Cols, double[] Evals, WwDetailsCsv Csv, string[] Row)
{
    public double Q => Csv.Number(Row, "Q");

    public int M => int.Parse(Csv.Text(Row, "M"), CultureInfo.InvariantCulture);

    /// <summary>WW's n_comp: M·rf with the CSV's (possibly swapped) M.</summary>
    public int NumComponents => M * int.Parse(Csv.Text(Row, "rf"), CultureInfo.InvariantCulture);

    public double Expected(string column) => Csv.Number(Row, column);

    public static FixtureLayer Load(string fixture, string name)
    {
        var csv = WwDetailsCsv.Read(SharedData.Fixture($"expected_{fixture}_details_mp_random.csv"));
        var row = csv.Rows.Single(r => csv.Text(r, "name") == name);
        var evals = TestNpz.Get(SharedData.Fixture($"expected_{fixture}_evals.npz"), csv.Text(row, "layer_id") + ":" + name);
        var (_, shape, data) = TestNpz.Read(SharedData.Fixture(fixture + ".npz")).Single(m => m.Key == name);
        if (shape.Length == 2)
        {
            return new FixtureLayer(name, [data], shape[0], shape[1], evals, csv, row);
        }

        // (out, in, kh, kw) float32: slice W[:, :, i, j], times sqrt(1/2) rounded to float32 (conv2d_norm).
        var (outCh, inCh, kh, kw) = (shape[0], shape[1], shape[2], shape[3]);
        var norm = (float)Math.Sqrt(0.5);
        var slices = new List<double[]>();
        for (var i = 0; i < kh; i++)
        {
            for (var j = 0; j < kw; j++)
            {
                var slice = new double[outCh * inCh];
                for (var o = 0; o < outCh; o++)
                {
                    for (var c = 0; c < inCh; c++)
                    {
                        slice[(o * inCh) + c] = (float)data[(((o * inCh) + c) * kh + i) * kw + j] * norm;
                    }
                }

                slices.Add(slice);
            }
        }

        return new FixtureLayer(name, slices, outCh, inCh, evals, csv, row);
    }
}
