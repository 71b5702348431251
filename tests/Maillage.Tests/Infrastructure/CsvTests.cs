using Maillage.Infrastructure;

namespace Maillage.Tests.Infrastructure;

public sealed class CsvTests
{
    [Fact]
    public void Reads_semicolons_quotes_multiline_fields_and_line_numbers()
    {
        var text = "\uFEFFa;b;c\r\n1;\"x;y\";\"say \"\"hi\"\"\"\r\n\r\n2;\"two\nlines\";z\n3;;";
        var records = Csv.Read(text).ToList();
        Assert.Equal(4, records.Count);
        Assert.Equal(["a", "b", "c"], records[0].Fields);
        Assert.Equal(["1", "x;y", "say \"hi\""], records[1].Fields);
        Assert.Equal((4, "two\nlines"), (records[2].Line, records[2].Fields[1]));
        Assert.Equal(6, records[3].Line);
        Assert.Equal(["3", "", ""], records[3].Fields);
    }

    [Fact]
    public void Guesses_commas_when_the_header_has_no_semicolon()
    {
        var records = Csv.Read("a,b\n1,2\n").ToList();
        Assert.Equal(["1", "2"], records[1].Fields);
    }

    [Fact]
    public void What_it_writes_it_reads_back_including_formula_protection()
    {
        var bytes = Csv.Write(["nom", "tel"], [["Dupont; fils", "+33 4 67"], ["=SUM(A1)", "-2.5"]]);
        var back = Csv.Read(System.Text.Encoding.UTF8.GetString(bytes)).ToList();
        Assert.Equal(["Dupont; fils", "+33 4 67"], back[1].Fields);
        Assert.Equal(["=SUM(A1)", "-2.5"], back[2].Fields);
        Assert.Contains("'=SUM(A1)", System.Text.Encoding.UTF8.GetString(bytes));
    }
}
