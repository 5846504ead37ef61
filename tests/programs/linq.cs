// LINQ to Objects through Mono's System.Core reference (forwarded to
// System.Linq on .NET 8): query syntax, method chains, grouping, joins,
// ordering, aggregation, deferred execution.
using System;
using System.Collections.Generic;
using System.Linq;

class Person
{
    public string Name;
    public int Age;
    public string City;
}

static class Linq
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static int Main()
    {
        var people = new List<Person>
        {
            new Person { Name = "Ada", Age = 36, City = "London" },
            new Person { Name = "Alan", Age = 41, City = "Manchester" },
            new Person { Name = "Grace", Age = 85, City = "Arlington" },
            new Person { Name = "Edsger", Age = 72, City = "Austin" },
            new Person { Name = "Barbara", Age = 30, City = "Boston" },
            new Person { Name = "Tim", Age = 30, City = "London" },
        };

        var young = from p in people where p.Age < 40 orderby p.Name select p.Name;
        Check(string.Join(",", young) == "Ada,Barbara,Tim", "query syntax");

        var byAgeThenName = people.OrderBy(p => p.Age).ThenByDescending(p => p.Name).Select(p => p.Name).ToArray();
        Check(string.Join(",", byAgeThenName) == "Tim,Barbara,Ada,Alan,Edsger,Grace", "OrderBy/ThenByDescending");

        var groups = people.GroupBy(p => p.City).Where(g => g.Count() > 1).Select(g => g.Key + ":" + g.Count()).ToList();
        Check(groups.Count == 1 && groups[0] == "London:2", "GroupBy");

        Check(people.Sum(p => p.Age) == 294 && people.Max(p => p.Age) == 85 && people.Min(p => p.Age) == 30, "aggregates");
        Check(Math.Abs(people.Average(p => p.Age) - 49.0) < 1e-12, "average");
        Check(people.Any(p => p.City == "Austin") && !people.All(p => p.Age > 30) && people.Count(p => p.Age == 30) == 2, "any/all/count");
        Check(people.First(p => p.Age > 50).Name == "Grace" && people.LastOrDefault(p => p.Age > 100) == null, "first/last");

        var cities = new Dictionary<string, string> { { "London", "UK" }, { "Boston", "US" }, { "Austin", "US" } };
        var joined = from p in people
                     join c in cities on p.City equals c.Key
                     select p.Name + "@" + c.Value;
        Check(string.Join(" ", joined) == "Ada@UK Edsger@US Barbara@US Tim@UK", "join: " + string.Join(" ", joined));

        var squares = Enumerable.Range(1, 10).Select(i => i * i);
        Check(squares.Where(s => s % 2 == 1).Sum() == 165, "range/select/where");
        Check(Enumerable.Range(1, 5).Aggregate(1, (acc, v) => acc * v) == 120, "aggregate");
        Check(Enumerable.Repeat("ab", 3).Aggregate("", (a, b) => a + b) == "ababab", "repeat");
        Check(new[] { 3, 1, 3, 2, 1 }.Distinct().OrderBy(x => x).SequenceEqual(new[] { 1, 2, 3 }), "distinct");
        Check(new[] { 1, 2, 3 }.Zip(new[] { "a", "b", "c" }, (n, s) => s + n).Last() == "c3", "zip");
        Check(new[] { 1, 2, 3, 4, 5, 6 }.Skip(2).Take(3).Reverse().First() == 5, "skip/take/reverse");
        var lookup = people.ToLookup(p => p.Age);
        Check(lookup[30].Count() == 2 && !lookup[99].Any(), "lookup");
        var dict = people.ToDictionary(p => p.Name, p => p.Age);
        Check(dict["Grace"] == 85, "ToDictionary");
        Check(people.SelectMany(p => p.Name.ToCharArray()).Count(ch => ch == 'a') == 6, "SelectMany");

        // Deferred execution sees later changes.
        var src = new List<int> { 1, 2, 3 };
        var query = src.Where(v => v > 1);
        src.Add(10);
        Check(query.Count() == 3, "deferred execution");
        int evaluated = 0;
        var lazy = Enumerable.Range(0, 1000).Select(v => { evaluated++; return v; }).Where(v => v % 100 == 0).Take(2).ToList();
        Check(lazy.Count == 2 && evaluated == 101, "lazy evaluation stops early: " + evaluated);

        var stats = people.GroupBy(p => p.Age / 10 * 10).OrderBy(g => g.Key).Select(g => g.Key + "s:" + string.Join("/", g.Select(p => p.Name)));
        foreach (string s in stats) Console.WriteLine(s);

        Console.WriteLine(failures == 0 ? "linq ok" : "linq FAILED");
        return failures == 0 ? 100 : 1;
    }
}
