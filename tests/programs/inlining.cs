// Inlining of small leaf methods (issue 21): getters and setters, small
// arithmetic helpers, constructor chains (System.Object's constructor
// dropped), callvirt on null of an inlined method that never touches
// `this` (must still throw NullReferenceException), exceptions thrown from
// inlined code (the type matters, not the stack trace), a callee marked
// NoInlining, and allocation-heavy loops of inlined constructors under GC
// stress.
// kiln-expect-compiled: Inlining:Main
// kiln-expect-inlined: Inlining:SumPoints <- Point:get_X
// kiln-expect-inlined: Inlining:SumPoints <- Point:get_Y
// kiln-expect-inlined: Inlining:Arith <- Inlining:Add3
// kiln-expect-inlined: Inlining:Arith <- Inlining:Clamp
// kiln-expect-inlined: Inlining:MakeChain <- Derived:.ctor
// kiln-expect-inlined: Inlining:MakeChain <- Base:.ctor
// kiln-expect-inlined: Inlining:NullReceiver <- Point:Constant
// kiln-expect-inlined: Inlining:Divide <- Inlining:Quotient
// kiln-expect-inlined: Inlining:Store <- Point:set_X
// kiln-expect-inlined: Inlining:Folded <- Inlining:Clamp
// kiln-expect-inlined: Inlining:Fresh <- Point:Constant
// kiln-expect-inlined: Holder`1[System.__Canon]:Sum <- Inlining:Add3
// kiln-expect-inlined: Inlining:UsePrecise <- Precise:Seven
using System;
using System.Runtime.CompilerServices;

class Point
{
    int x, y;
    public Point(int x, int y) { this.x = x; this.y = y; }
    public int X { get { return x; } set { x = value; } }
    public int Y { get { return y; } }
    public int Constant() { return 42; }
    public object Self() { return this; }
}

class Base
{
    public int a;
    public string name;
    public Base(int a) { this.a = a; name = "base"; }
}

class Derived : Base
{
    public int b;
    public object payload;
    public Derived(int a, int b) : base(a) { this.b = b; payload = new int[2]; }
}

// A precise static constructor (not beforefieldinit): the inlined static
// method's class-init trigger must still run it first.
class Precise
{
    static int seed;
    static Precise() { Console.WriteLine("Precise cctor"); seed = 7; }
    public static int Seven() { return 7; }
    public static int Seed() { return seed; }
}

class Holder<T>
{
    T item;
    int count;
    public Holder(T item, int count) { this.item = item; this.count = count; }
    // Shared (__Canon) code with a non-generic callee inlined.
    public int Sum(int v) { return Inlining.Add3(v, count, item == null ? 0 : 1); }
}

class Inlining
{
    internal static int Add3(int a, int b, int c) { return a + b + c; }
    static int Clamp(int v) { return v < 0 ? 0 : v > 1000 ? 1000 : v; }
    static long Widen(int v) { return (long)v * 3; }
    static bool IsOdd(int v) { return (v & 1) != 0; }
    static byte Low(int v) { return (byte)v; }
    static int Quotient(int a, int b) { return a / b; }
    static int Element(int[] a, int i) { return a[i]; }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int NotInlined(int v) { return v * 7; }

    static int SumPoints(Point[] ps)
    {
        int s = 0;
        for (int i = 0; i < ps.Length; i++) s += ps[i].X * 3 + ps[i].Y;
        return s;
    }

    static int Arith(int n)
    {
        int s = 0;
        for (int i = -n; i < n; i++)
        {
            s += Add3(i, Clamp(i * 50), 1);
            if (IsOdd(i)) s ^= Low(i);
            s += (int)(Widen(i) & 0xff) + NotInlined(i & 3);
        }
        return s;
    }

    static Derived MakeChain(int i) { return new Derived(i, i * 2); }

    static void Store(Point p, int v) { p.X = v; }

    static int NullReceiver(Point p) { return p.Constant(); }

    static int Divide(int a, int b) { return Quotient(a, b) + 1; }

    static int Index(int[] a, int i) { return Element(a, i); }

    // Constant arguments: after inlining, folding leaves constants.
    static int Folded() { return Clamp(5000) + Clamp(-3) + Add3(1, 2, 3) + (IsOdd(7) ? 1 : 0) + Low(300) + Quotient(7, 2); }

    // callvirt on a fresh object: its null check goes.
    static int Fresh(int v) { return new Point(v, v).Constant() + new Point(v, 1).X; }

    static int UsePrecise()
    {
        Console.WriteLine("before Precise");
        int s = Precise.Seven();
        Console.WriteLine("after Precise " + s);
        return s + Precise.Seed();
    }

    static int Check(int got, int want, string what)
    {
        if (got == want) return 0;
        Console.WriteLine("FAIL " + what + ": " + got + " != " + want);
        return 1;
    }

    static int Main()
    {
        int fails = 0;
        var ps = new Point[10];
        for (int i = 0; i < ps.Length; i++) ps[i] = new Point(i, i * i);
        fails += Check(SumPoints(ps), 3 * 45 + 285, "SumPoints");
        Console.WriteLine(SumPoints(ps));
        Console.WriteLine(Arith(100));
        fails += Check(Arith(0), 0, "Arith(0)");

        var d = MakeChain(5);
        fails += Check(d.a + d.b, 15, "chain");
        fails += Check(d.name == "base" ? 1 : 0, 1, "chain name");
        fails += Check(((int[])d.payload).Length, 2, "payload");

        var p = new Point(1, 2);
        Store(p, 9);
        fails += Check(p.X, 9, "setter");
        fails += Check(NullReceiver(p), 42, "constant");
        fails += Check(p.Self() == p ? 1 : 0, 1, "self");

        try { NullReceiver(null); Console.WriteLine("no NRE on callvirt"); fails++; }
        catch (NullReferenceException) { Console.WriteLine("NRE from callvirt"); }
        try { Store(null, 1); Console.WriteLine("no NRE in setter"); fails++; }
        catch (NullReferenceException) { Console.WriteLine("NRE in setter"); }
        try { Divide(1, 0); Console.WriteLine("no divide by zero"); fails++; }
        catch (DivideByZeroException) { Console.WriteLine("DivideByZeroException"); }
        try { Divide(int.MinValue, -1); Console.WriteLine("no overflow"); fails++; }
        catch (OverflowException) { Console.WriteLine("OverflowException"); }
        try { Index(new int[3], 3); Console.WriteLine("no range check"); fails++; }
        catch (IndexOutOfRangeException) { Console.WriteLine("IndexOutOfRangeException"); }
        try { Index(null, 0); Console.WriteLine("no null array"); fails++; }
        catch (NullReferenceException) { Console.WriteLine("NRE on null array"); }
        fails += Check(Divide(10, 3), 4, "divide");
        fails += Check(Folded(), 1054, "folded");
        fails += Check(Fresh(5), 47, "fresh");
        fails += Check(new Holder<string>("x", 4).Sum(10), 15, "shared");
        fails += Check(new Holder<string>(null, 4).Sum(10), 14, "shared null");
        fails += Check(UsePrecise(), 14, "precise cctor");

        // Inlined constructors storing references while collections run.
        long total = 0;
        Derived keep = null;
        for (int i = 0; i < 200000; i++)
        {
            var x = MakeChain(i);
            if ((i & 1023) == 0) keep = x;
            total += x.b - x.a + ((int[])x.payload).Length;
        }
        Console.WriteLine(total);
        fails += Check(keep.a, 199680, "kept");
        fails += Check(keep.name.Length, 4, "kept name");
        GC.Collect();
        fails += Check(((int[])keep.payload).Length, 2, "kept payload");
        return fails == 0 ? 100 : 1;
    }
}
