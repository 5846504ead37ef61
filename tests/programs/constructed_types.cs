// Constructed types (TypeSpec tokens) in precompiled code: castclass and
// isinst against arrays (covariant reference arrays, jagged, rank-2) and
// closed generic instantiations (also variant interfaces), typeof of
// constructed types, jagged and generic-element arrays created, filled and
// read, and instantiations of generic delegates (Func<int, int>, lambdas
// cached by mcs, bound to instance methods) built by the DelegateCtor
// helper — each through a fixup that spells out the TypeSpec signature.
// Also after compacting collections (GC stress run).
// kiln-expect-compiled: Program:AsStrings(
// kiln-expect-compiled: Program:IsInts(
// kiln-expect-compiled: Program:CastJagged(
// kiln-expect-compiled: Program:AsList(
// kiln-expect-compiled: Program:AsEnumerable(
// kiln-expect-compiled: Program:IsMatrix(
// kiln-expect-compiled: Program:Types(
// kiln-expect-compiled: Program:Jagged(
// kiln-expect-compiled: Program:Lists(
// kiln-expect-compiled: Program:Grid(
// kiln-expect-compiled: Program:Shapes(
// kiln-expect-compiled: Program:Square(
// kiln-expect-compiled: Program:Printer(
// kiln-expect-compiled: Program:Bound(
// kiln-expect-compiled: Program:Apply(
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

class Shape { public virtual string Kind() { return "shape"; } }
class Circle : Shape { public override string Kind() { return "circle"; } }
class Label { string text; public Label(string t) { text = t; } public string Text() { return "<" + text + ">"; } }

class Program {
    [MethodImpl(MethodImplOptions.NoInlining)]
    static string[] AsStrings(object o) { return (string[])o; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static bool IsInts(object o) { return o is int[]; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int[][] CastJagged(object o) { return o as int[][]; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static List<string> AsList(object o) { return o as List<string>; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static IEnumerable<object> AsEnumerable(object o) { return (IEnumerable<object>)o; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static bool IsMatrix(object o) { return o is double[,]; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static string Types() {
        return typeof(int[]).Name + " " + typeof(List<string>).Name + " " + typeof(Dictionary<int, Shape>).Name
            + " " + typeof(Shape[][]).Name + " " + typeof(List<int>[]).Name + " " + typeof(long[,]).Name
            + " " + (typeof(List<int>) == new List<int>().GetType());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int[][] Jagged(int n) {
        int[][] a = new int[n][];
        for (int i = 0; i < n; i++) {
            a[i] = new int[i + 1];
            for (int j = 0; j <= i; j++) a[i][j] = i * 10 + j;
        }
        return a;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static List<int>[] Lists(int n) {
        List<int>[] a = new List<int>[n];
        for (int i = 0; i < n; i++) {
            a[i] = new List<int>();
            for (int j = 0; j < i; j++) a[i].Add(j * j);
        }
        return a;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static string[][] Grid() {
        string[][] g = new string[3][];
        g[0] = new string[] { "a" };
        g[1] = new string[] { "b", "c" };
        g[2] = new string[0];
        return g;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static object Shapes(bool circles) {
        object[] o = circles ? (object[])new Circle[][] { new Circle[] { new Circle() } } : new Shape[2][];
        return o;
    }

    static int Sq(int x) { return x * x; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Func<int, int> Square() { return new Func<int, int>(Sq); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Action<string> Printer(string prefix) {
        return s => Console.WriteLine(prefix + s);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Func<string> Bound(Label l) { return new Func<string>(l.Text); }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static long Apply(int[] xs) {
        Func<int, long> f = x => (long)x * 1000 + 7;
        Comparison<Shape> byKind = (a, b) => string.CompareOrdinal(a.Kind(), b.Kind());
        long s = 0;
        foreach (int x in xs) s += f(x);
        return s + byKind(new Circle(), new Shape());
    }

    static void Churn() {
        for (int i = 0; i < 2000; i++) { object[] junk = new object[16]; junk[0] = new int[i % 7 + 1]; }
    }

    static int Main() {
        int fails = 0;
        object strings = new string[] { "x", "y" };
        object circles = new Circle[] { new Circle() };
        Console.WriteLine(AsStrings(strings)[1]);
        try { AsStrings(new object[] { "z" }); Console.WriteLine("no throw"); fails++; }
        catch (InvalidCastException) { Console.WriteLine("InvalidCastException"); }
        Console.WriteLine(AsStrings(null) == null);
        Console.WriteLine(IsInts(new int[3]) + " " + IsInts(new uint[3]) + " " + IsInts(new long[3]) + " " + IsInts(null) + " " + IsInts("s"));
        Churn();
        int[][] j = Jagged(5);
        Console.WriteLine(CastJagged(j) == j);
        Console.WriteLine(CastJagged(new int[2]) == null);
        Console.WriteLine(CastJagged(new object[0][]) == null);
        List<string> ls = new List<string>(); ls.Add("list");
        Console.WriteLine(AsList(ls)[0] + " " + (AsList(new List<object>()) == null) + " " + (AsList(new List<int>()) == null));
        // Variance: string[] and List<string> are IEnumerable<object>.
        int n = 0;
        foreach (object o in AsEnumerable(strings)) n++;
        foreach (object o in AsEnumerable(ls)) n++;
        foreach (object o in AsEnumerable(circles)) n++;
        Console.WriteLine(n);
        try { AsEnumerable(new List<int>()); Console.WriteLine("no throw"); fails++; }
        catch (InvalidCastException) { Console.WriteLine("InvalidCastException 2"); }
        Console.WriteLine(IsMatrix(new double[2, 3]) + " " + IsMatrix(new double[6]) + " " + IsMatrix(new int[2, 3]));
        Console.WriteLine(Types());
        Churn();
        long sum = 0;
        for (int a = 0; a < j.Length; a++) for (int b = 0; b < j[a].Length; b++) sum = sum * 7 + j[a][b];
        Console.WriteLine(sum + " " + j.GetType().Name + " " + j[4].Length);
        List<int>[] lists = Lists(6);
        Churn();
        long ls2 = 0;
        foreach (List<int> l in lists) foreach (int v in l) ls2 = ls2 * 3 + v;
        Console.WriteLine(ls2 + " " + lists.GetType().Name);
        string[][] g = Grid();
        Console.WriteLine(g[1][1] + g[0][0] + g[2].Length + " " + g.GetType().Name);
        object s1 = Shapes(true), s2 = Shapes(false);
        Console.WriteLine(s1.GetType().Name + " " + s2.GetType().Name + " " + ((Circle[][])s1)[0][0].Kind());
        try { object[] arr = (object[])s2; arr[0] = new Circle[1]; Console.WriteLine("stored"); }
        catch (ArrayTypeMismatchException) { Console.WriteLine("ArrayTypeMismatchException"); }
        try { object[] arr = (object[])s1; arr[0] = new Shape[1]; Console.WriteLine("stored"); fails++; }
        catch (ArrayTypeMismatchException) { Console.WriteLine("ArrayTypeMismatchException"); }
        Func<int, int> sq = Square();
        Churn();
        Console.WriteLine(sq(12) + " " + sq.GetType().Name + " " + sq.Method.Name);
        Action<string> p = Printer("> ");
        p("hello"); p("again");
        Func<string> k = Bound(new Label("a"));
        Churn();
        Console.WriteLine(k() + " " + Bound(new Label("b"))());
        Console.WriteLine(Apply(new int[] { 1, 2, 3 }));
        return fails == 0 ? 100 : 1;
    }
}
