// Exact (unshared) instantiations of the program's own generic classes and
// generic methods over primitives, an enum and a struct of the program:
// kiln discovers them from the IL (transitively: Pair<int,double>.Swap makes
// Pair<double,int>, Outer<long>.Make makes Inner<long>), compiles each with
// its type arguments substituted and records it in
// InstanceMethodEntryPoints, so none of them is JIT-compiled. Max<T> (a
// primitive under an interface constraint) stays outside the version bubble,
// as crossgen2 decides. NoInlining keeps the JIT from inlining them into a
// JIT-compiled caller, so the JIT log shows which ran precompiled.
// kiln-expect-compiled: Cell`1[int]:Push(int)
// kiln-expect-compiled: Cell`1[int]:Pop()
// kiln-expect-compiled: Cell`1[double]:Push(double)
// kiln-expect-compiled: Ring`1[long]:.ctor(long[])
// kiln-expect-compiled: Ring`1[long]:Next()
// kiln-expect-compiled: Pair`2[int,double]:Swap()
// kiln-expect-compiled: Pair`2[double,int]:Swap()
// kiln-expect-compiled: Pair`2[double,int]:.ctor(double,int)
// kiln-expect-compiled: Outer`1[long]:Make(long)
// kiln-expect-compiled: Inner`1[long]:Twice()
// kiln-expect-compiled: Util:Pick[double](bool,double,double)
// kiln-expect-compiled: Util:Fill[ubyte](int,ubyte)
// kiln-expect-compiled: Util:Fill[long](int,long)
// kiln-expect-compiled: Util:Swap[double](byref,byref)
// kiln-expect-compiled: Util:Boxed[int](int)
// kiln-expect-compiled: Util:Within[int](System.Collections.Generic.List`1[int],int)
// kiln-expect-compiled: Doubler:Measure[long](long[])
// kiln-expect-compiled: Tripler:Measure[long](long[])
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

enum Color { Red = 1, Green = 2, Blue = 4 }

struct Point
{
    public int X, Y;
    public Point(int x, int y) { X = x; Y = y; }
}

class Cell<T>
{
    T[] items = new T[2];
    int count;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Push(T item)
    {
        if (count == items.Length)
        {
            T[] bigger = new T[count * 2];
            for (int i = 0; i < count; i++) bigger[i] = items[i];
            items = bigger;
        }
        items[count++] = item;
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T Pop()
    {
        T t = items[--count];
        items[count] = default(T);
        return t;
    }
    public int Count { [MethodImpl(MethodImplOptions.NoInlining)] get { return count; } }
}

class Ring<T>
{
    readonly T[] items;
    int next;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Ring(T[] items) { this.items = items; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public T Next()
    {
        T t = items[next];
        next = (next + 1) % items.Length;
        return t;
    }
}

class Pair<A, B>
{
    public A First;
    public B Second;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Pair(A a, B b) { First = a; Second = b; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Pair<B, A> Swap() { return new Pair<B, A>(Second, First); }
}

class Inner<T>
{
    public T Value;
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Inner(T v) { Value = v; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Inner<T> Twice() { return new Inner<T>(Value); }
}

class Outer<T>
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public Inner<T> Make(T v) { return new Inner<T>(v).Twice(); }
}

abstract class Measurer
{
    public abstract int Measure<T>(T[] items);
}

class Doubler : Measurer
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override int Measure<T>(T[] items) { return items.Length * 2; }
}

class Tripler : Doubler
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public override int Measure<T>(T[] items) { return items.Length * 3 + base.Measure(items); }
}

static class Util
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Pick<T>(bool first, T a, T b) { return first ? a : b; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T[] Fill<T>(int n, T v)
    {
        T[] r = new T[n];
        for (int i = 0; i < n; i++) r[i] = v;
        return r;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Swap<T>(ref T a, ref T b) { T t = a; a = b; b = t; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static object Boxed<T>(T v) { return v; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Within<T>(List<T> list, int limit)
    {
        return list.Count < limit ? list.Count : limit;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static T Max<T>(T[] items) where T : IComparable<T>
    {
        T best = items[0];
        for (int i = 1; i < items.Length; i++) if (items[i].CompareTo(best) > 0) best = items[i];
        return best;
    }
}

static class Program
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    // Generic virtual methods: the call names Measurer.Measure<long> (kiln
    // leaves the call itself to the JIT); the overrides' instantiations are
    // compiled and run precompiled.
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int MeasureAll()
    {
        Measurer m1 = new Doubler(), m2 = new Tripler();
        long[] four = new long[4];
        return m1.Measure(four) + m2.Measure(four);
    }

    static int Main()
    {
        var ci = new Cell<int>();
        for (int i = 0; i < 50; i++) ci.Push(i * 3);
        int sum = 0;
        while (ci.Count > 0) sum += ci.Pop();
        Check(sum == 3675, "Cell<int>");

        var cd = new Cell<double>();
        for (int i = 0; i < 9; i++) cd.Push(i * 0.5);
        double ds = 0;
        while (cd.Count > 0) ds += cd.Pop();
        Check(ds == 18.0, "Cell<double>");

        var cc = new Cell<Color>();
        cc.Push(Color.Red); cc.Push(Color.Blue); cc.Push(Color.Green);
        Check(cc.Pop() == Color.Green && cc.Pop() == Color.Blue && cc.Count == 1, "Cell<Color>");

        var cp = new Cell<Point>();
        for (int i = 0; i < 5; i++) cp.Push(new Point(i, -i));
        Point p = cp.Pop();
        Check(p.X == 4 && p.Y == -4 && cp.Count == 4, "Cell<Point>");

        var ring = new Ring<long>(new long[] { 10L, 1L << 40, -7L });
        long rs = 0;
        for (int i = 0; i < 7; i++) rs += ring.Next();
        Check(rs == 3 * 10L + 2 * (1L << 40) + 2 * -7L, "Ring<long>");

        var pair = new Pair<int, double>(7, 2.5).Swap();
        Check(pair.First == 2.5 && pair.Second == 7, "Pair<int,double>.Swap");
        var back = pair.Swap();
        Check(back.First == 7 && back.Second == 2.5, "Pair<double,int>.Swap");

        var inner = new Outer<long>().Make(1L << 33);
        Check(inner.Value == 1L << 33, "Outer<long>.Make");

        Check(Util.Pick(true, 1.5, 2.5) == 1.5 && Util.Pick(false, 1.5, 2.5) == 2.5, "Pick<double>");
        byte[] bytes = Util.Fill(4, (byte)200);
        Check(bytes.Length == 4 && bytes[3] == 200, "Fill<byte>");
        long[] longs = Util.Fill(3, -1L);
        Check(longs[2] == -1L, "Fill<long>");
        double x = 1.25, y = -3.5;
        Util.Swap(ref x, ref y);
        Check(x == -3.5 && y == 1.25, "Swap<double>");
        object boxed = Util.Boxed(42);
        Check(boxed is int && (int)boxed == 42, "Boxed<int>");
        var list = new List<int> { 1, 2, 3, 4 };
        Check(Util.Within(list, 3) == 3 && Util.Within(list, 10) == 4, "Within<int>");
        Check(Util.Max(new[] { 3, 9, 2 }) == 9, "Max<int>");
        Check(MeasureAll() == 28, "generic virtual Measure<long>");

        for (int round = 0; round < 200; round++)
        {
            var c = new Cell<long>();
            for (int i = 0; i < 100; i++) c.Push(i);
            long t = 0;
            while (c.Count > 0) t += c.Pop();
            if (t != 4950) { Check(false, "Cell<long> under allocation"); break; }
            new Pair<int, double>(round, round).Swap();
        }

        Console.WriteLine(failures == 0 ? "generics_exact ok" : "generics_exact FAILED");
        return failures == 0 ? 100 : 1;
    }
}
