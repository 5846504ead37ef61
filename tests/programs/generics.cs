// Generics: classes, methods, constraints (class, struct, new(), interface,
// base class), instantiation over structs and references, generic virtual
// methods, static fields per instantiation, nested generics.
using System;
using System.Collections.Generic;

class Stack<T>
{
    T[] items = new T[2];
    int count;
    public void Push(T item)
    {
        if (count == items.Length) Array.Resize(ref items, count * 2);
        items[count++] = item;
    }
    public T Pop() { T t = items[--count]; items[count] = default(T); return t; }
    public int Count { get { return count; } }
}

class Pair<TFirst, TSecond>
{
    public TFirst First;
    public TSecond Second;
    public Pair(TFirst f, TSecond s) { First = f; Second = s; }
    public Pair<TSecond, TFirst> Swap() { return new Pair<TSecond, TFirst>(Second, First); }
}

class PerType<T>
{
    public static int Instances;
    public PerType() { Instances++; }
}

interface IShape { double Area { get; } }
class Sq : IShape { public double Side; public double Area { get { return Side * Side; } } }

abstract class Visitor
{
    public abstract string Visit<T>(T value);
}

class NameVisitor : Visitor
{
    public override string Visit<T>(T value) { return typeof(T).Name + "=" + value; }
}

struct Num : IComparable<Num>
{
    public int V;
    public int CompareTo(Num o) { return V - o.V; }
}

static class Generics
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static T Max<T>(T[] items) where T : IComparable<T>
    {
        T best = items[0];
        for (int i = 1; i < items.Length; i++) if (items[i].CompareTo(best) > 0) best = items[i];
        return best;
    }

    static T Create<T>() where T : new() { return new T(); }

    static bool IsNull<T>(T value) where T : class { return value == null; }

    static T OrDefault<T>(T? value) where T : struct { return value.HasValue ? value.Value : default(T); }

    static double TotalArea<T>(List<T> shapes) where T : IShape
    {
        double s = 0;
        foreach (T sh in shapes) s += sh.Area;
        return s;
    }

    static void Swap<T>(ref T a, ref T b) { T t = a; a = b; b = t; }

    static int CountIf<T>(IEnumerable<T> items, Func<T, bool> pred)
    {
        int n = 0;
        foreach (T t in items) if (pred(t)) n++;
        return n;
    }

    static TOut[] Map<TIn, TOut>(TIn[] input, Func<TIn, TOut> f)
    {
        TOut[] r = new TOut[input.Length];
        for (int i = 0; i < input.Length; i++) r[i] = f(input[i]);
        return r;
    }

    static string Describe<T>(T value) { return typeof(T).Name + ":" + value; }

    static int Main()
    {
        var si = new Stack<int>();
        var ss = new Stack<string>();
        var sp = new Stack<Pair<int, string>>();
        for (int i = 0; i < 100; i++) { si.Push(i); ss.Push("s" + i); sp.Push(new Pair<int, string>(i, "p")); }
        int sum = 0;
        while (si.Count > 0) sum += si.Pop();
        Check(sum == 4950, "stack of int");
        Check(ss.Pop() == "s99" && ss.Count == 99, "stack of string");
        Check(sp.Pop().First == 99, "stack of generic class");

        var pr = new Pair<string, double>("pi", 3.25).Swap();
        Check(pr.First == 3.25 && pr.Second == "pi", "swap pair");

        Check(Max(new[] { 3, 9, 2 }) == 9, "max int");
        Check(Max(new[] { "pear", "apple", "zoo", "kiwi" }) == "zoo", "max string");
        Check(Max(new[] { new Num { V = 4 }, new Num { V = 11 }, new Num { V = 7 } }).V == 11, "max struct");
        Check(Max(new[] { 2.5, -1.0, 2.25 }) == 2.5, "max double");

        new PerType<int>(); new PerType<int>(); new PerType<string>();
        new PerType<object>(); new PerType<object>(); new PerType<object>();
        Check(PerType<int>.Instances == 2 && PerType<string>.Instances == 1 && PerType<object>.Instances == 3
              && PerType<long>.Instances == 0, "statics per instantiation");

        Check(Create<List<int>>().Count == 0 && Create<int>() == 0, "new() constraint");
        Check(IsNull<string>(null) && !IsNull("x"), "class constraint");
        Check(OrDefault<int>(null) == 0 && OrDefault<long>(5L) == 5, "struct constraint");

        var shapes = new List<Sq> { new Sq { Side = 2 }, new Sq { Side = 3 } };
        Check(TotalArea(shapes) == 13, "interface constraint");

        int x = 1, y = 2; string p = "p", q = "q";
        Swap(ref x, ref y); Swap(ref p, ref q);
        Check(x == 2 && y == 1 && p == "q" && q == "p", "generic swap");

        Visitor v = new NameVisitor();
        string visited = v.Visit(42) + " " + v.Visit("str") + " " + v.Visit(2.5) + " " + v.Visit(new Num { V = 1 }.V);
        Console.WriteLine(visited);
        Check(visited == "Int32=42 String=str Double=2.5 Int32=1", "generic virtual method");

        int[] nums = { 1, 2, 3, 4, 5, 6 };
        Check(CountIf(nums, n => n % 2 == 0) == 3, "generic with delegate");
        string[] strs = Map(nums, n => new string('*', n));
        Check(strs[3] == "****", "map int to string");
        long[] longs = Map(strs, s => (long)s.Length << 32);
        Check(longs[5] == 6L << 32, "map string to long");

        Console.WriteLine(Describe(1) + " " + Describe("a") + " " + Describe(1.5f) + " " + Describe<object>(null));
        Check(Describe('c') == "Char:c", "typeof(T)");

        var dict = new Dictionary<string, List<Pair<int, int>>>();
        for (int i = 0; i < 20; i++)
        {
            string key = "k" + (i % 3);
            List<Pair<int, int>> list;
            if (!dict.TryGetValue(key, out list)) { list = new List<Pair<int, int>>(); dict[key] = list; }
            list.Add(new Pair<int, int>(i, i * i));
        }
        Check(dict["k1"].Count == 7 && dict["k2"][2].Second == 64, "nested generic types");

        Console.WriteLine(failures == 0 ? "generics ok" : "generics FAILED");
        return failures == 0 ? 100 : 1;
    }
}
