// Structs: passed by value and by ref, returned, stored in fields and arrays,
// large structs, structs holding references, mutation through copies,
// equality, default values.
using System;

struct Point
{
    public int X, Y;
    public Point(int x, int y) { X = x; Y = y; }
    public Point Add(Point o) { return new Point(X + o.X, Y + o.Y); }
    public void Scale(int k) { X *= k; Y *= k; }
    public override string ToString() { return "(" + X + "," + Y + ")"; }
}

struct Big
{
    public long A, B, C, D, E;
    public double F;
    public string Label;
}

struct Wrapper
{
    public Point P;
    public int[] Data;
    public object Obj;
}

struct Small { public byte B; public short S; }

class Holder
{
    public Point P;
    public Big Big;
}

static class Structs
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static void Mutate(Point p) { p.X = 999; }
    static void MutateRef(ref Point p) { p.X = 999; }
    static void Init(out Point p) { p = new Point(5, 6); }
    static Point Mirror(Point p) { return new Point(p.Y, p.X); }

    static Big MakeBig(long seed)
    {
        Big b;
        b.A = seed; b.B = seed * 2; b.C = seed * 3; b.D = seed * 4; b.E = seed * 5;
        b.F = seed / 2.0;
        b.Label = "big" + seed;
        return b;
    }

    static long SumBig(Big b) { return b.A + b.B + b.C + b.D + b.E + (long)b.F; }

    static void BumpBig(ref Big b) { b.E += 1000; b.Label += "!"; }

    static Small MakeSmall(int v) { Small s; s.B = (byte)v; s.S = (short)(v * 300); return s; }

    static int Main()
    {
        Point a = new Point(1, 2), b = new Point(10, 20);
        Point c = a.Add(b);
        Check(c.X == 11 && c.Y == 22, "method returning struct");
        Point copy = c;
        copy.X = 0;
        Check(c.X == 11, "copy is independent");
        Mutate(c);
        Check(c.X == 11, "by-value argument");
        MutateRef(ref c);
        Check(c.X == 999, "by-ref argument");
        Point o;
        Init(out o);
        Check(o.ToString() == "(5,6)", "out struct");
        Check(Mirror(o).ToString() == "(6,5)", "struct returned");
        c.Scale(2);
        Check(c.X == 1998 && c.Y == 44, "mutating method on local");

        Big big = MakeBig(10);
        Check(SumBig(big) == 155, "large struct by value " + SumBig(big));
        BumpBig(ref big);
        Check(big.E == 1050 && big.Label == "big10!", "large struct by ref");

        var h = new Holder();
        h.P.X = 3;
        h.P.Scale(7);
        h.Big = MakeBig(2);
        BumpBig(ref h.Big);
        Check(h.P.X == 21 && h.Big.E == 1010 && h.Big.Label == "big2!", "struct fields of a class");

        Point[] pts = new Point[100];
        for (int i = 0; i < pts.Length; i++) pts[i] = new Point(i, -i);
        for (int i = 0; i < pts.Length; i++) pts[i].Scale(2);
        MutateRef(ref pts[50]);
        long sx = 0, sy = 0;
        foreach (Point p in pts) { sx += p.X; sy += p.Y; }
        Check(sx == 9900 - 100 + 999 && sy == -9900, "struct array " + sx + " " + sy);

        Big[] bigs = new Big[10];
        for (int i = 0; i < bigs.Length; i++) bigs[i] = MakeBig(i);
        long total = 0;
        for (int i = 0; i < bigs.Length; i++) total += SumBig(bigs[i]);
        Check(total == 15 * 45 + (0 + 0 + 1 + 1 + 2 + 2 + 3 + 3 + 4 + 4), "big struct array " + total);
        Check(bigs[7].Label == "big7", "reference inside struct in array");

        Wrapper w = new Wrapper();
        Check(w.Data == null && w.Obj == null && w.P.X == 0, "default struct");
        w.Data = new int[] { 1, 2, 3 };
        w.Obj = "obj";
        Wrapper w2 = w;
        w2.Data[0] = 100;
        w2.P.Y = 8;
        Check(w.Data[0] == 100 && w.P.Y == 0, "shallow copy shares references");

        Small s1 = MakeSmall(300);
        Check(s1.B == 44 && s1.S == unchecked((short)90000), "small struct fields");

        Check(new Point(1, 2).Equals(new Point(1, 2)) && !new Point(1, 2).Equals(new Point(2, 1)), "ValueType.Equals");
        object boxed = a;
        a.X = 50;
        Check(((Point)boxed).X == 1, "box copies");

        Point? np = null;
        Check(!np.HasValue, "nullable struct");
        np = new Point(4, 4);
        Check(np.Value.X == 4 && np.GetValueOrDefault().Y == 4, "nullable with value");

        Console.WriteLine(a + " " + b + " " + c + " " + o);
        Console.WriteLine(failures == 0 ? "structs ok" : "structs FAILED");
        return failures == 0 ? 100 : 1;
    }
}
