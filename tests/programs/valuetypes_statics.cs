// Static fields of struct type (the runtime keeps each one boxed: the
// owner's GC statics hold a reference to the box, the value is its data)
// and static fields owned by value types (whose static base fixups name the
// owner as a value type): read, written whole, written through their
// address, in classes with a precise .cctor, with field initializers
// (beforefieldinit) and with neither; framework structs (DateTime,
// KeyValuePair) and structs holding references among them. Under
// DOTNET_GCgen0size=0x10000 the references inside the boxed statics
// survive collections.
//
// kiln-expect-compiled: Stats:Bump(
// kiln-expect-compiled: Stats:Read(
// kiln-expect-compiled: Stats:Replace(
// kiln-expect-compiled: Stats:Fill(
// kiln-expect-compiled: Stats:Describe(
// kiln-expect-compiled: Stats:Main(
// kiln-expect-compiled: Counter:Next(
// kiln-expect-compiled: Counter:Describe(
// kiln-expect-compiled: Precise:Get(
// kiln-expect-compiled: Lazy:Sum(
// kiln-expect-compiled: Precise:.cctor(
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

struct Point
{
    public int X, Y;
}

struct Named
{
    public string Name;
    public long Id;
    public object Extra;
}

struct Counter
{
    public static int Count;
    public static string Label = "counter";
    public static Point Origin;
    public int Mine;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Next()
    {
        Count++;
        Origin.X += 2;
        return Count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Describe()
    {
        return Label + ":" + Count + "@" + Origin.X;
    }
}

class Precise
{
    public static Point Corner;
    public static DateTime When;
    public static string Log = "";

    static Precise()
    {
        Corner.X = 7;
        Corner.Y = -7;
        When = new DateTime(2020, 1, 2);
        Log += "cctor;";
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Point Get()
    {
        return Corner;
    }
}

class Lazy
{
    public static Named Current = new Named { Name = "init", Id = 1 };
    public static KeyValuePair<string, int> Pair = new KeyValuePair<string, int>("p", 5);

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static long Sum()
    {
        return Current.Id + Current.Name.Length + Pair.Value + Pair.Key.Length;
    }
}

static class Stats
{
    static Point origin;
    static Named named;
    static DateTime stamp;

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Bump(int dx)
    {
        origin.X += dx;
        origin.Y -= dx;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static Point Read()
    {
        return origin;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Replace(Point p)
    {
        origin = p;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void Fill(int k)
    {
        Named n;
        n.Name = "n" + k;
        n.Id = k;
        n.Extra = new int[k % 5 + 1];
        named = n;
        stamp = stamp.AddMinutes(k);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static string Describe()
    {
        return named.Name + "/" + named.Id + "/" + ((int[])named.Extra).Length + " " + stamp.ToString("HH:mm");
    }

    static int Main()
    {
        Bump(3);
        Bump(4);
        Point p = Read();
        Console.WriteLine(p.X + " " + p.Y);
        Point q;
        q.X = 100;
        q.Y = 200;
        Replace(q);
        Bump(1);
        Console.WriteLine(Read().X + " " + Read().Y);

        long total = 0;
        for (int k = 0; k < 3000; k++)
        {
            Fill(k);
            total += named.Id + named.Name.Length;
        }
        Console.WriteLine(total + " " + Describe());

        Console.WriteLine(Counter.Describe());
        Counter.Next();
        Counter.Next();
        Console.WriteLine(Counter.Describe());

        Console.WriteLine(Precise.Log + " " + Precise.Get().X + " " + Precise.When.Year);
        Precise.Corner.Y += 1;
        Console.WriteLine(Precise.Get().Y + " " + Precise.Log);

        Console.WriteLine(Lazy.Sum());
        Lazy.Current.Name = "changed";
        Lazy.Pair = new KeyValuePair<string, int>("longer", 6);
        Console.WriteLine(Lazy.Sum());
        return 100;
    }
}
