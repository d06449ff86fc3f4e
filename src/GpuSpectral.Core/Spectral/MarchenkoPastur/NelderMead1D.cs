namespace GpuSpectral.Core.Spectral;

/// <summary>
/// SciPy 1.10's <c>optimize.fmin</c> (non-adaptive Nelder–Mead) for one variable with its defaults:
/// xatol = fatol = 1e-4, maxiter = maxfun = 200, a start simplex {x0, 1.05·x0} (or {0, 0.00025} when x0 == 0),
/// reflection 1, expansion 2, contraction 0.5, shrink 0.5, and a stable two-point sort after every step.
/// </summary>
internal static class NelderMead1D
{
    private const double AbsoluteXTolerance = 1e-4;
    private const double AbsoluteFTolerance = 1e-4;
    private const int MaxIterations = 200;
    private const int MaxEvaluations = 200;
    private const double NonZeroStep = 0.05;
    private const double ZeroStep = 0.00025;
    private const double Rho = 1.0;
    private const double Chi = 2.0;
    private const double Psi = 0.5;
    private const double Shrink = 0.5;

    /// <summary>Minimises <paramref name="f"/> from <paramref name="x0"/>: the best vertex (SciPy's <c>xopt</c>),
    /// the function calls made and the iteration count as SciPy reports them.</summary>
    public static (double X, int Calls, int Iterations) Minimize(Func<double, double> f, double x0)
    {
        var calls = 0;
        bool TryEval(double x, out double value)
        {
            if (calls >= MaxEvaluations)
            {
                value = double.NaN;
                return false; // SciPy raises _MaxFuncCallError here and stops the current step
            }

            calls++;
            value = f(x);
            return true;
        }

        var x1 = x0 != 0 ? (1 + NonZeroStep) * x0 : ZeroStep;
        double[] sim = [x0, x1];
        double[] fsim = [double.PositiveInfinity, double.PositiveInfinity];
        if (TryEval(sim[0], out var f0))
        {
            fsim[0] = f0;
            if (TryEval(sim[1], out var f1))
            {
                fsim[1] = f1;
            }
        }

        Sort(sim, fsim);
        var iterations = 1;
        while (calls < MaxEvaluations && iterations < MaxIterations)
        {
            if (Math.Abs(sim[1] - sim[0]) <= AbsoluteXTolerance && Math.Abs(fsim[0] - fsim[1]) <= AbsoluteFTolerance)
            {
                break;
            }

            if (!Step(sim, fsim, TryEval))
            {
                Sort(sim, fsim);
                continue; // the wrapper refused a call: the loop condition ends the search
            }

            iterations++;
            Sort(sim, fsim);
        }

        return (sim[0], calls, iterations);
    }

    private delegate bool Evaluator(double x, out double value);

    /// <summary>One Nelder–Mead step; false when the evaluation budget ran out mid-step.</summary>
    private static bool Step(double[] sim, double[] fsim, Evaluator eval)
    {
        var xbar = sim[0] / 1; // centroid of all but the worst vertex (N = 1)
        var xr = ((1 + Rho) * xbar) - (Rho * sim[1]);
        if (!eval(xr, out var fxr))
        {
            return false;
        }

        if (fxr < fsim[0])
        {
            var xe = ((1 + (Rho * Chi)) * xbar) - (Rho * Chi * sim[1]);
            if (!eval(xe, out var fxe))
            {
                return false;
            }

            (sim[1], fsim[1]) = fxe < fxr ? (xe, fxe) : (xr, fxr);
            return true;
        }

        // SciPy next accepts xr when it beats the second-worst vertex; with N = 1 that vertex is the best one,
        // which xr did not beat, so the step goes straight to a contraction.
        bool shrink;
        if (fxr < fsim[1])
        {
            var xc = ((1 + (Psi * Rho)) * xbar) - (Psi * Rho * sim[1]);
            if (!eval(xc, out var fxc))
            {
                return false;
            }

            shrink = !(fxc <= fxr);
            if (!shrink)
            {
                (sim[1], fsim[1]) = (xc, fxc);
            }
        }
        else
        {
            var xcc = ((1 - Psi) * xbar) + (Psi * sim[1]);
            if (!eval(xcc, out var fxcc))
            {
                return false;
            }

            shrink = !(fxcc < fsim[1]);
            if (!shrink)
            {
                (sim[1], fsim[1]) = (xcc, fxcc);
            }
        }

        if (shrink)
        {
            sim[1] = sim[0] + (Shrink * (sim[1] - sim[0]));
            if (!eval(sim[1], out var fs))
            {
                return false;
            }

            fsim[1] = fs;
        }

        return true;
    }

    /// <summary>NumPy's argsort of two values (insertion sort: stable, so ties keep their order).</summary>
    private static void Sort(double[] sim, double[] fsim)
    {
        if (fsim[1] < fsim[0])
        {
            (sim[0], sim[1]) = (sim[1], sim[0]);
            (fsim[0], fsim[1]) = (fsim[1], fsim[0]);
        }
    }
}
