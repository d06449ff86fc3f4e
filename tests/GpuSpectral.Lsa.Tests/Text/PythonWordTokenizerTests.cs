using GpuSpectral.Lsa.Text;

namespace GpuSpectral.Lsa.Tests.Text;

/// <summary>Expected tokens are CPython 3.11's <c>re.findall(r"(?u)\b\w\w+\b", s.lower())</c>, run by hand.</summary>
public sealed class PythonWordTokenizerTests
{
    private static void Check(string text, params string[] expected) =>
        Assert.Equal(expected, PythonWordTokenizer.Tokenize(text));

    [Fact]
    public void Ascii_words_are_lowercased_and_one_letter_words_dropped() =>
        Check("Hello, World! a I x", "hello", "world");

    [Fact]
    public void Underscores_are_word_characters() => Check("snake_case __init__ _", "snake_case", "__init__");

    [Fact]
    public void Apostrophes_split() => Check("don't stop", "don", "stop");

    [Fact]
    public void Digits_are_word_characters() => Check("42 is 3.14 and x86_64", "42", "is", "14", "and", "x86_64");

    [Fact]
    public void Accented_letters() => Check("café Émile naïve µcurse", "café", "émile", "naïve", "µcurse");

    [Fact]
    public void Combining_marks_are_not_word_characters() => Check("e\u0301cole caf\u00e9", "cole", "café");

    [Fact]
    public void Greek_with_python_final_sigma() =>
        Check("Ωμέγα ΟΔΟΣ ΟΔΟΣ. ΣΑ Σ ΑΣ'Α",
            "\u03c9\u03bc\u03ad\u03b3\u03b1", "\u03bf\u03b4\u03bf\u03c2", "\u03bf\u03b4\u03bf\u03c2", "\u03c3\u03b1",
            "\u03b1\u03c3");

    [Fact]
    public void Final_sigma_skips_case_ignorable_characters() =>
        Assert.Equal("\u03b1\u03c2\u0301 \u03b1\u03c3\u0301\u03b2", PythonWordTokenizer.ToLower("ΑΣ\u0301 ΑΣ\u0301Β"));

    [Fact]
    public void Cjk_runs_are_single_tokens() => Check("漢字テスト 中文", "漢字テスト", "中文");

    [Fact]
    public void Non_bmp_letters_are_one_code_point() =>
        Check("\U0001D400\U0001D401 \U0001D400 x\U0001D400", "\U0001D400\U0001D401", "x\U0001D400");

    [Fact]
    public void Dotted_capital_i_lowercases_to_two_code_points()
    {
        Assert.Equal("i\u0307stanbul", PythonWordTokenizer.ToLower("İstanbul"));
        Check("İstanbul", "stanbul");
        Check("İİ");
    }

    [Fact]
    public void Numeric_characters_follow_python_isnumeric() => Check("² ³x ½½ Ⅻ ⅫⅫ", "³x", "½½", "ⅻⅻ");

    [Fact]
    public void Python_lowercase_table() =>
        Check("Straße STRASSE ẞig ǅemal ǄEMAL ﬁle Ꭰꭰ", "straße", "strasse", "ßig", "ǆemal", "ǆemal", "ﬁle", "ꭰꭰ");

    [Fact]
    public void Format_characters_split() => Check("a\u200bb ab\u00adcd \u212A", "ab", "cd");

    [Fact]
    public void Empty_and_one_character_texts_have_no_token()
    {
        Check(string.Empty);
        Check("x");
        Check("!? -- ..");
    }

    [Theory]
    [InlineData('_', true)]
    [InlineData('a', true)]
    [InlineData('\u0301', false)]
    [InlineData('\u00b2', true)]
    [InlineData('\u00b7', false)]
    [InlineData('-', false)]
    public void Word_classifier(char c, bool expected) => Assert.Equal(expected, PythonWordTokenizer.IsWordCodePoint(c));

    [Fact]
    public void Code_point_order_puts_supplementary_after_private_use()
    {
        var terms = new[] { "\U0001D400", "\uFF21", "z", "\u00e9" };
        Array.Sort(terms, CodePointComparer.Instance);
        Assert.Equal(["z", "\u00e9", "\uFF21", "\U0001D400"], terms);
        Assert.True(string.CompareOrdinal("\U0001D400", "\uFF21") < 0); // why the comparer is needed
    }
}
