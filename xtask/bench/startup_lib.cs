// Startup benchmark program for `cargo xtask bench`: library-heavy — XML,
// regular expressions, sorting and formatting through framework code.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

static class StartupLib
{
    static int Main()
    {
        var doc = new XDocument(new XElement("items",
            Enumerable.Range(0, 200).Select(i => new XElement("item",
                new XAttribute("id", i),
                new XElement("name", "item-" + (i * 7919 % 1000)),
                new XElement("price", (i * 1.25).ToString(CultureInfo.InvariantCulture))))));
        string xml = doc.ToString();
        var parsed = XDocument.Parse(xml);
        var re = new Regex(@"item-(\d+)");
        var numbers = new List<int>();
        foreach (var name in parsed.Descendants("name"))
        {
            var m = re.Match(name.Value);
            if (m.Success)
                numbers.Add(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        numbers.Sort();
        double total = parsed.Descendants("price").Sum(p => double.Parse(p.Value, CultureInfo.InvariantCulture));
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "checksum {0} {1} {2:F1}", xml.Length, numbers[numbers.Count / 2], total));
        return 0;
    }
}
