using System.Globalization;
using GpuSpectral.Bench;

var argv = args.ToList();
var quick = argv.Remove("--quick");
// --shapes 4096x4096,4096x1024 restricts `layers` to those shapes and `drivers` to those (square) sizes.
var shapes = new List<(int Rows, int Cols)>();
var at = argv.IndexOf("--shapes");
if (at >= 0 && at + 1 < argv.Count)
{
    foreach (var item in argv[at + 1].Split(',', StringSplitOptions.RemoveEmptyEntries))
    {
        var rc = item.Split('x');
        shapes.Add((int.Parse(rc[0], CultureInfo.InvariantCulture), int.Parse(rc[^1], CultureInfo.InvariantCulture)));
    }

    argv.RemoveRange(at, 2);
}

var sizes = shapes.Where(s => s.Rows == s.Cols).Select(s => s.Rows).ToList();
var cmd = argv.Count > 0 ? argv[0] : "all";
var line = "dotnet run -c Release --project bench/GpuSpectral.Bench -- " + string.Join(' ', args);

switch (cmd)
{
    case "layers":
        Env.PrintHeader(line);
        Console.WriteLine();
        LayersBench.Run(quick, managed4096: false, shapes);
        Console.WriteLine();
        DriverBench.Run(quick, sizes);
        break;
    case "drivers":
        Env.PrintHeader(line);
        Console.WriteLine();
        DriverBench.Run(quick, sizes);
        break;
    case "managed4096":
        Env.PrintHeader(line);
        LayersBench.Managed4096();
        break;
    case "ks":
        Env.PrintHeader(line);
        Console.WriteLine();
        KsBench.Run(quick);
        break;
    case "all":
        Env.PrintHeader(line);
        Console.WriteLine();
        Console.WriteLine("## ks");
        Console.WriteLine();
        KsBench.Run(quick);
        Console.WriteLine();
        Console.WriteLine("## layers");
        Console.WriteLine();
        LayersBench.Run(quick, managed4096: false);
        Console.WriteLine();
        Console.WriteLine("## LAPACK drivers");
        Console.WriteLine();
        DriverBench.Run(quick);
        break;
    case "synth" when argv.Count >= 2:
        Env.PrintHeader(line);
        SynthBench.Run(argv[1], argv.Count > 2 ? double.Parse(argv[2], CultureInfo.InvariantCulture) : 1.0,
            argv.Count > 3 ? argv[3] : "llama-7b");
        break;
    case "full":
        Env.PrintHeader(line);
        Console.WriteLine();
        FullAnalysisBench.Run(
            argv.Count > 1 ? int.Parse(argv[1], CultureInfo.InvariantCulture) : 4096,
            argv.Count > 2 ? int.Parse(argv[2], CultureInfo.InvariantCulture) : 3);
        break;
    case "largest" when argv.Count >= 2:
        Largest.Run(argv[1]);
        break;
    case "make-st":
        if (argv.Count < 2)
        {
            Console.Error.WriteLine("usage: make-st PATH [ROWS COLS]");
            return 2;
        }

        MakeSafetensors.Run(argv[1],
            argv.Count > 2 ? int.Parse(argv[2], CultureInfo.InvariantCulture) : 4096,
            argv.Count > 3 ? int.Parse(argv[3], CultureInfo.InvariantCulture) : 4096);
        break;
    default:
        Console.Error.WriteLine("usage: GpuSpectral.Bench layers|drivers|ks|all|managed4096|full [N] [REPS]|make-st PATH [ROWS COLS]|largest PATH|synth OUTDIR [SCALE] [ARCH] [--quick] [--shapes RxC,...]");
        return 2;
}

return 0;
