using System.CommandLine;
using System.Globalization;
using GpuSpectral.Reports;
using GpuSpectral.Reports.Parts;

namespace GpuSpectral.Cli;

/// <summary><c>gpuspectral merge PARTS… --out FILE</c>: combines the .jsonl parts of a sharded or resumed run.</summary>
internal static class MergeCommand
{
    public static Command Create()
    {
        var parts = new Argument<string[]>("parts")
        {
            Description = "The .jsonl parts (one per shard)", Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "The merged table: .csv (details, plus <stem>_summary.csv) or .json", Required = true,
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print stack traces of errors" };
        var cmd = new Command("merge", "Combine the .jsonl parts of a sharded run into one table, checking that they "
            + "cover every layer exactly once with the same options");
        cmd.Arguments.Add(parts);
        cmd.Options.Add(output);
        cmd.Options.Add(verbose);
        cmd.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            var outPath = r.GetValue(output)!;
            OutputTarget.Check(outPath, resume: false);
            if (OutputTarget.IsParts(outPath))
            {
                throw new ArgumentException($"--out {outPath}: merge writes .csv or .json");
            }

            var contents = new List<PartContent>();
            foreach (var p in r.GetValue(parts) ?? [])
            {
                if (!File.Exists(p))
                {
                    throw new FileNotFoundException($"merge: {p} does not exist", p);
                }

                contents.Add(ReadPart(p));
            }

            var table = PartMerger.Merge(contents);
            MergedTableWriter.Write(outPath, table, CliRunner.Version);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"merged {contents.Count} parts: {table.Rows.Count} rows, {table.Skips.Count} layers skipped while running → {outPath}"));
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static PartContent ReadPart(string path)
    {
        try
        {
            return PartReader.Read(path);
        }
        catch (InvalidDataException e)
        {
            throw new ArgumentException(e.Message, e);
        }
    }
}
