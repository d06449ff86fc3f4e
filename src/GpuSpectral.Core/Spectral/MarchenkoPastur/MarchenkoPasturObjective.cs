using System.Runtime.CompilerServices;

namespace GpuSpectral.Core.Spectral;

/// <summary>
/// WeightWatcher's <c>resid_mp</c> objective Σ r² for one σ (spec §b.5 step 5), on a precomputed density.
/// Q == 1: r = (1/(πσ²))·sqrt(4 − g²) − ρ (NaN → 0). Otherwise r = MP(g; σ, Q) − ρ, or 1000 at every kept point
/// when the MP support [a, b] does not bracket the density peak or b exceeds the last kept point.
/// </summary>
internal sealed class MarchenkoPasturObjective
{
    private const double PenaltyResidual = 1000.0;
    private readonly TriangularDensity _density;
    private readonly double _q;
    private readonly double[] _squares;

    public MarchenkoPasturObjective(TriangularDensity density, double q)
    {
        _density = density;
        _q = q;
        _squares = new double[density.Grid.Length + density.DroppedBelowThreshold];
    }

    /// <summary>Number of objective evaluations so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Σ r² at <paramref name="sigma"/>, summed as NumPy does (kept residuals, then the dropped zeros).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip the slow first JIT tier
    public double Evaluate(double sigma)
    {
        Evaluations++;
        var g = _density.Grid;
        var rho = _density.Density;
        if (_q == 1.0)
        {
            var scale = 1.0 / (Math.PI * sigma * sigma);
            for (var i = 0; i < g.Length; i++)
            {
                var r = NumpyArithmetic.NanToNum(scale * Math.Sqrt(4.0 - (g[i] * g[i]))) - rho[i];
                _squares[i] = r * r;
            }
        }
        else
        {
            var y = 1.0 / _q;
            var sqrtInvQ = Math.Sqrt(1.0 / _q);
            var bRoot = sigma * (1.0 + sqrtInvQ);
            var aRoot = sigma * (1.0 - sqrtInvQ);
            var b = bRoot * bRoot;
            var a = aRoot * aRoot;
            var last = g[^1];
            var penalised = b < _density.Peak || b > last || a > _density.Peak;
            var front = 2.0 * Math.PI * sigma * sigma;
            for (var i = 0; i < g.Length; i++)
            {
                double r;
                if (penalised)
                {
                    r = PenaltyResidual;
                }
                else
                {
                    var mp = 1.0 / (front * g[i] * y) * Math.Sqrt((b - g[i]) * (g[i] - a));
                    r = NumpyArithmetic.NanToNum(mp) - rho[i];
                }

                _squares[i] = r * r;
            }
        }

        return NumpyArithmetic.Sum(_squares);
    }
}
