// Value types kept in memory: struct locals and temporaries in frame slots,
// ldloca, field access on struct values, through byrefs and inside classes,
// initobj (default), newobj of a struct (constructor on a temporary), copy
// semantics, nested structs, struct fields of classes, box/unbox.any of
// structs and of float/double, and object references held only inside
// struct locals while the GC runs (the program allocates enough garbage to
// collect many times under DOTNET_GCgen0size=0x10000).
// Methods here take and return structs only by reference: struct arguments
// and returns by value are another slice.
//
// kiln-expect-compiled: ValueTypesLocals:SumPoints(
// kiln-expect-compiled: ValueTypesLocals:CopyIsIndependent(
// kiln-expect-compiled: ValueTypesLocals:Nested(
// kiln-expect-compiled: ValueTypesLocals:DefaultIsZero(
// kiln-expect-compiled: ValueTypesLocals:Odd(
// kiln-expect-compiled: ValueTypesLocals:InClass(
// kiln-expect-compiled: ValueTypesLocals:BoxStruct(
// kiln-expect-compiled: ValueTypesLocals:BoxFloats(
// kiln-expect-compiled: ValueTypesLocals:RefsInStructs(
// kiln-expect-compiled: ValueTypesLocals:Mutate(
// kiln-expect-compiled: ValueTypesLocals:OutRefs(
// kiln-expect-compiled: Point:.ctor(
// kiln-expect-compiled: Point:LengthSquared(
// kiln-expect-compiled: Named:.ctor(
using System;

struct Point
{
    public int X, Y;
    public Point(int x, int y) { X = x; Y = y; }
    public long LengthSquared() { return (long)X * X + (long)Y * Y; }
    public void Shift(int d) { X += d; Y -= d; }
}

struct Rect
{
    public Point A, B;
    public long Area() { return (long)(B.X - A.X) * (B.Y - A.Y); }
}

struct Odd
{
    public byte B0;
    public short S;
    public byte B1;
}

struct Mixed
{
    public double D;
    public float F;
    public long L;
}

struct Named
{
    public string Name;
    public int Id;
    public object Tag;
    public Named(string name, int id) { Name = name; Id = id; Tag = null; }
}

struct Pair
{
    public Named First, Second;
}

class Holder
{
    public Point P;
    public Named N;
    public int After;
}

static class ValueTypesLocals
{
    static void Mutate(ref Point p, int k) { p.X *= k; p.Y += k; }

    static long SumPoints(int n)
    {
        long s = 0;
        for (int i = 0; i < n; i++)
        {
            Point p = new Point(i, 2 * i);
            p.Shift(1);
            Mutate(ref p, 3);
            s += p.LengthSquared() + p.X - p.Y;
        }
        return s;
    }

    static int CopyIsIndependent()
    {
        Point a = new Point(5, 7);
        Point b = a;
        b.X = 100;
        Point c;
        c = b;
        c.Y = -1;
        return a.X * 1000000 + a.Y * 10000 + b.X * 10 + b.Y + c.X + c.Y;
    }

    static long Nested(int k)
    {
        Rect r = new Rect();
        r.A = new Point(k, k + 1);
        r.B.X = 10 * k;
        r.B.Y = 20 * k;
        Rect copy = r;
        copy.A.X = 0;
        Point corner = r.B;
        return r.Area() * 1000 + copy.Area() + corner.X;
    }

    static int DefaultIsZero()
    {
        Point p = new Point(3, 4);
        int before = p.X + p.Y;
        p = default(Point);
        Odd o = new Odd();
        Mixed m = default(Mixed);
        return before * 100 + p.X + p.Y + o.B0 + o.S + o.B1 + (int)m.D + (int)m.F + (int)m.L;
    }

    static int Odd(int seed)
    {
        Odd o;
        o.B0 = (byte)seed;
        o.S = (short)(seed * 300);
        o.B1 = (byte)(seed + 200);
        Odd p = o;
        p.B1 = 1;
        return o.B0 + o.S + o.B1 * 7 + p.B1;
    }

    static double MixedMath(double d)
    {
        Mixed m;
        m.D = d;
        m.F = (float)d * 2;
        m.L = (long)d;
        Mixed n = m;
        n.D += 1.5;
        return m.D + m.F + m.L + n.D;
    }

    static long InClass(Holder h, int k)
    {
        h.P = new Point(k, -k);
        h.P.X += 2;
        h.After = 77;
        Point local = h.P;
        local.Y = 1000;
        h.N = new Named("n" + k, k);
        Named copy = h.N;
        return h.P.X * 100000L + h.P.Y * 1000 + local.Y + h.After + copy.Id + copy.Name.Length;
    }

    static int BoxStruct(int k)
    {
        Point p = new Point(k, k * 3);
        object o = p;
        p.X = -1;
        Point q = (Point)o;
        object n = new Named("boxed", k);
        Named back = (Named)n;
        return q.X + q.Y + back.Id + back.Name.Length + p.X;
    }

    static string BoxFloats(double d, float f)
    {
        object od = d;
        object of = f;
        double d2 = (double)od;
        float f2 = (float)of;
        object sum = d2 + f2;
        return od.ToString() + "/" + of.ToString() + "/" + sum.ToString();
    }

    static string RefsInStructs(int n)
    {
        // Strings and the Holder are made at run time (literals are never
        // moved by the GC).
        Pair p = new Pair();
        p.First = new Named("first" + n, 1);
        p.Second = new Named("second" + n, 2);
        Holder tag = new Holder();
        tag.After = n;
        p.Second.Tag = tag;
        tag = null;
        Named keep = p.First;
        string acc = "";
        for (int i = 0; i < n; i++)
        {
            // Garbage: many collections run while the only references to
            // these strings and the Holder are fields of struct locals.
            object junk = new byte[200];
            acc = keep.Name + p.Second.Name + ((Holder)p.Second.Tag).After + (junk != null ? "" : "x");
            if (i % 1000 == 0)
            {
                Named fresh = new Named("it" + i, i);
                p.First = fresh;
            }
        }
        return acc + ":" + p.First.Name + ":" + keep.Name + ":" + p.Second.Id;
    }

    static void MakeName(int i, out string s) { s = "name" + i; }

    static void Swap(ref object a, ref object b) { object t = a; a = b; b = t; }

    // Reference locals whose address is taken (`out`/`ref` arguments) live
    // in frame slots reported to the GC.
    static string OutRefs(int n)
    {
        string s;
        MakeName(n, out s);
        object x = "x" + n, y = "y" + n;
        for (int i = 0; i < n; i++)
        {
            object junk = new byte[100];
            Swap(ref x, ref y);
            if (junk == null) s = null;
        }
        return s + x + y;
    }

    static int Main()
    {
        Console.WriteLine(SumPoints(100));
        Console.WriteLine(CopyIsIndependent());
        Console.WriteLine(Nested(3));
        Console.WriteLine(DefaultIsZero());
        Console.WriteLine(Odd(7));
        Console.WriteLine(Odd(300));
        Console.WriteLine(MixedMath(2.25));
        Holder h = new Holder();
        Console.WriteLine(InClass(h, 12));
        Console.WriteLine(h.N.Name);
        Console.WriteLine(BoxStruct(9));
        Console.WriteLine(BoxFloats(1.5, 0.25f));
        Console.WriteLine(RefsInStructs(20000));
        Console.WriteLine(OutRefs(5001));
        GC.Collect();
        return 100;
    }
}
