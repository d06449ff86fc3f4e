using System.CommandLine;
using System.Globalization;
using GpuSpectral.Compute;
using GpuSpectral.Lsa;
using GpuSpectral.Lsa.Diagnostics;
using GpuSpectral.Lsa.Spectrum;
using GpuSpectral.Lsa.Text;
using GpuSpectral.Reports.Lsa;
using Spectre.Console;

namespace GpuSpectral.Cli;

/// <summary><c>gpuspectral lsa INPUT</c>: choose the LSA dimension K of a corpus by the power-law tail.</summary>
internal static class LsaCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("input")
        {
            Description = "A TSV of id<TAB>text (optionally .gz), a folder of .txt files, or a Matrix Market .mtx "
                + "term-document matrix (documents × terms)",
        };
        var minDf = new Option<string?>("--min-df") { Description = "Drop terms in fewer documents: a count (2) or a proportion (0.01)" };
        var maxDf = new Option<string?>("--max-df") { Description = "Drop terms in more documents: a count or a proportion (0.5)" };
        var sublinear = new Option<bool>("--sublinear-tf") { Description = "Use 1 + ln(tf) instead of raw counts" };
        var stop = new Option<string?>("--stop-words") { Description = "english: drop scikit-learn's English stop words" };
        stop.AcceptOnlyFromAmong("english");
        var sketch = new Option<int?>("--sketch")
        {
            Description = $"Compute only the top K eigenvalues with the randomized range finder (default: exact when the "
                + $"smaller side is ≤ {LsaOptions.DefaultExactLimit}, else a sketch of {LsaOptions.DefaultSketch})",
        };
        var power = new Option<int>("--power-iterations") { Description = "Power iterations of the sketch", DefaultValueFactory = _ => 2 };
        var oversampling = new Option<int>("--oversampling") { Description = "Oversampling of the sketch", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of the sketch's random test matrix", DefaultValueFactory = _ => 0 };
        var vectors = new Option<int?>("--vectors") { Description = "Top eigenvectors used for the localization ratios" };
        var backend = new Option<string>("--backend")
        {
            Description = "Eigen solver of the exact spectrum: auto (LAPACK if found, else managed; the CPU, as in "
                + "analyze) | lapack | managed | cuda (cuSOLVER syevd in float64 on the first CUDA GPU)",
            DefaultValueFactory = _ => "auto",
        };
        backend.AcceptOnlyFromAmong("auto", "lapack", "managed", "cuda");
        var output = new Option<string?>("--out", "-o") { Description = "Write everything as JSON to this file" };
        var plots = new Option<string?>("--plots") { Description = "Write PNG plots (ESD with fit, D vs xmin, localization, explained variance) to this folder" };
        var embed = new Option<string?>("--embed") { Description = "Write the K-dimensional document embeddings (U_K·Σ_K) as .npy" };
        var topTerms = new Option<int>("--top-terms") { Description = "Print the strongest terms of this many top components", DefaultValueFactory = _ => 0 };
        var leverage = new Option<int>("--leverage") { Description = "Print coherence and the N most influential documents and terms", DefaultValueFactory = _ => 0 };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print stack traces of errors" };

        var cmd = new Command("lsa", "Latent semantic analysis: choose K by the power-law tail of the TF-IDF spectrum")
        {
            input, minDf, maxDf, sublinear, stop, sketch, power, oversampling, seed, vectors, backend, output, plots, embed,
            topTerms, leverage, verbose,
        };
        cmd.SetAction(r => CliRunner.Run(r.GetValue(verbose), () =>
        {
            var path = r.GetValue(input)!;
            var tfidf = new TfidfOptions
            {
                MinDf = ParseDf("--min-df", r.GetValue(minDf)) ?? TfidfOptions.Default.MinDf,
                MaxDf = ParseDf("--max-df", r.GetValue(maxDf)) ?? TfidfOptions.Default.MaxDf,
                SublinearTf = r.GetValue(sublinear),
                EnglishStopWords = r.GetValue(stop) == "english",
            };
            var options = new LsaOptions
            {
                Sketch = r.GetValue(sketch),
                PowerIterations = r.GetValue(power),
                Oversampling = r.GetValue(oversampling),
                Seed = r.GetValue(seed),
                LocalizationVectors = r.GetValue(vectors),
                Backend = r.GetValue(backend) switch
                {
                    "lapack" => EigenBackendKind.Lapack,
                    "managed" => EigenBackendKind.Managed,
                    "cuda" => EigenBackendKind.Cuda,
                    _ => EigenBackendKind.Auto,
                },
            };
            foreach (var (name, file) in new[] { ("--out", r.GetValue(output)), ("--embed", r.GetValue(embed)) })
            {
                CheckFolder(name, file);
            }

            var analysis = RunWithStatus(progress =>
            {
                progress?.Report("reading the corpus and building TF-IDF");
                return LsaAnalyzer.Run(CorpusReader.Read(path, tfidf), options, progress);
            });
            var result = analysis.Result;
            LsaConsoleReport.Write(AnsiConsole.Console, result, path);
            WriteTopTerms(analysis, r.GetValue(topTerms));
            WriteLeverage(analysis, r.GetValue(leverage));
            if (r.GetValue(output) is { } json)
            {
                var described = Describe(tfidf, options);
                described["backend_used"] = result.Spectrum.Backend;
                var header = new LsaReportHeader(CliRunner.Version, path, described);
                LsaJsonWriter.WriteFile(json, result, header);
                Console.Error.WriteLine($"wrote {json}");
            }

            if (r.GetValue(plots) is { } dir)
            {
                foreach (var file in LsaPlots.WriteAll(result, dir))
                {
                    Console.Error.WriteLine($"wrote {file}");
                }
            }

            if (r.GetValue(embed) is { } npy)
            {
                var k = Math.Max(1, Math.Min(result.KPowerLaw, analysis.VectorCount));
                Embedding.WriteNpy(npy, analysis.DocumentEmbedding(k), analysis.Corpus.Matrix.Rows, k);
                Console.Error.WriteLine($"wrote {npy} ({analysis.Corpus.Matrix.Rows} × {k})");
            }

            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static DocumentFrequency? ParseDf(string option, string? text)
    {
        if (text is null)
        {
            return null;
        }

        var ic = CultureInfo.InvariantCulture;
        if (int.TryParse(text, NumberStyles.None, ic, out var count))
        {
            return DocumentFrequency.Count(count);
        }

        if (double.TryParse(text, NumberStyles.Float, ic, out var p))
        {
            return DocumentFrequency.Proportion(p);
        }

        throw new ArgumentException($"{option} {text}: give a document count (2) or a proportion (0.5)");
    }

    private static void CheckFolder(string option, string? file)
    {
        var dir = file is null ? null : Path.GetDirectoryName(Path.GetFullPath(file));
        if (dir is not null && !Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"{option} {file}: the folder {dir} does not exist");
        }
    }

    private static Dictionary<string, string> Describe(TfidfOptions t, LsaOptions o) => new(StringComparer.Ordinal)
    {
        ["min_df"] = t.MinDf.ToString(), ["max_df"] = t.MaxDf.ToString(),
        ["sublinear_tf"] = t.SublinearTf ? "true" : "false", ["stop_words"] = t.EnglishStopWords ? "english" : "none",
        ["sketch"] = o.Sketch?.ToString(CultureInfo.InvariantCulture) ?? "auto",
        ["power_iterations"] = o.PowerIterations.ToString(CultureInfo.InvariantCulture),
        ["oversampling"] = o.Oversampling.ToString(CultureInfo.InvariantCulture),
        ["seed"] = o.Seed.ToString(CultureInfo.InvariantCulture), ["backend"] = o.Backend.ToString(),
    };

    /// <summary>Runs <paramref name="work"/> under a status spinner on a terminal, quietly otherwise.</summary>
    private static T RunWithStatus<T>(Func<IProgress<string>?, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            return work(null);
        }

        T result = default!;
        AnsiConsole.Status().Start("starting", ctx =>
            result = work(new SyncProgress<string>(s => ctx.Status(Markup.Escape(s)))));
        return result;
    }

    private static void WriteTopTerms(LsaAnalysis analysis, int components)
    {
        components = Math.Min(components, analysis.VectorCount);
        if (components <= 0)
        {
            return;
        }

        var terms = analysis.Corpus.Terms;
        var v = analysis.RightSingularVectors(components);
        var table = new Table().Border(TableBorder.Rounded).Title("strongest terms of the top components");
        table.AddColumn("component");
        table.AddColumn("σ²");
        table.AddColumn("terms (largest |v|)");
        for (var j = 0; j < components; j++)
        {
            var col = v.AsSpan(j * terms.Length, terms.Length).ToArray();
            var top = Enumerable.Range(0, terms.Length).OrderByDescending(i => Math.Abs(col[i])).Take(8)
                .Select(i => terms[i]);
            table.AddRow((j + 1).ToString(CultureInfo.InvariantCulture),
                analysis.Pairs.Values[j].ToString("G5", CultureInfo.InvariantCulture),
                Markup.Escape(string.Join(", ", top)));
        }

        AnsiConsole.Write(table);
    }

    private static void WriteLeverage(LsaAnalysis analysis, int count)
    {
        var k = Math.Min(analysis.Result.KPowerLaw, analysis.VectorCount);
        if (count <= 0 || k <= 0)
        {
            return;
        }

        var docs = analysis.DocumentLeverage(k);
        var terms = analysis.TermLeverage(k);
        var ic = CultureInfo.InvariantCulture;
        AnsiConsole.MarkupLine(Markup.Escape(string.Create(ic,
            $"leverage against the top K = {k}: document coherence {Leverage.Coherence(docs, k):G4}, "
            + $"term coherence {Leverage.Coherence(terms, k):G4}")));
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumn("document");
        table.AddColumn("leverage");
        table.AddColumn("term");
        table.AddColumn("leverage");
        var topDocs = Leverage.Top(docs, count);
        var topTerms = Leverage.Top(terms, count);
        for (var i = 0; i < Math.Max(topDocs.Length, topTerms.Length); i++)
        {
            table.AddRow(
                i < topDocs.Length ? Markup.Escape(analysis.Corpus.DocumentIds[topDocs[i]]) : "",
                i < topDocs.Length ? docs[topDocs[i]].ToString("G4", ic) : "",
                i < topTerms.Length ? Markup.Escape(analysis.Corpus.Terms[topTerms[i]]) : "",
                i < topTerms.Length ? terms[topTerms[i]].ToString("G4", ic) : "");
        }

        AnsiConsole.Write(table);
    }
}
