// Static fields of generic instantiations: each instantiation of a generic
// class has its own statics (ECMA-335 II.9.5). kiln reaches them through a
// StaticBase fixup naming the instantiation, from non-generic code
// (PerType<int>.Count in Main) and from exact instantiations
// (PerType<!0>.Count substituted in Counter<long>.Bump); the runtime's helper
// runs the instantiation's class constructor first. Reflection cross-checks
// every value both ways, also after collections.
// kiln-expect-compiled: Program:Main(
// kiln-expect-compiled: Program:Read(
// kiln-expect-compiled: Counter`1[long]:Bump()
// kiln-expect-compiled: Counter`1[double]:Bump()
// kiln-expect-compiled: Counter`1[long]:Total()
// kiln-expect-compiled: WithCctor`1[int]:.ctor()
// kiln-expect-compiled: WithCctor`1[int]:Make()
// kiln-expect-compiled: WithCctor`1[short]:.ctor()
using System;
using System.Reflection;
using System.Runtime.CompilerServices;

class PerType<T>
{
    public static int Count;
    public static long Sum;
    public static string Name;
    public static T Last;
}

class WithCctor<T>
{
    public static int Initialized = 41;
    public static string Tag;
    static WithCctor() { Initialized++; Tag = "cctor of " + typeof(T).Name; Log.Order += "cctor " + typeof(T).Name + ";"; }
    public int Seen;
    // Precise initialization (no beforefieldinit: the class has an explicit
    // .cctor): the constructor and a static method run the class
    // constructor first (a CctorTrigger naming the instantiation).
    [MethodImpl(MethodImplOptions.NoInlining)]
    public WithCctor() { Seen = 1; Log.Order += "ctor;"; }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int Make() { return new WithCctor<T>().Seen; }
}

static class Log
{
    public static string Order = "";
}

class Counter<T>
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public void Bump()
    {
        PerType<T>.Count++;
        PerType<T>.Sum += PerType<T>.Count;
    }
    [MethodImpl(MethodImplOptions.NoInlining)]
    public long Total() { return PerType<T>.Sum; }
}

static class Program
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static object Reflect(Type t, string field)
    {
        return t.GetField(field, BindingFlags.Public | BindingFlags.Static).GetValue(null);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Read() { return PerType<int>.Count + PerType<string>.Count * 1000; }

    static int Main()
    {
        PerType<int>.Count = 5;
        PerType<string>.Count = 7;
        PerType<int>.Name = "ints";
        PerType<string>.Name = "strings";
        PerType<int>.Last = 99;
        PerType<string>.Last = "last";
        Check(Read() == 7005, "direct reads");
        Check((int)Reflect(typeof(PerType<int>), "Count") == 5, "reflection sees int count");
        Check((int)Reflect(typeof(PerType<string>), "Count") == 7, "reflection sees string count");
        Check((string)Reflect(typeof(PerType<int>), "Name") == "ints", "reflection sees int name");
        Check((int)Reflect(typeof(PerType<int>), "Last") == 99, "reflection sees T static");
        Check((string)Reflect(typeof(PerType<string>), "Last") == "last", "reflection sees string T static");
        typeof(PerType<int>).GetField("Sum").SetValue(null, 1234L);
        Check(PerType<int>.Sum == 1234L, "kiln sees reflection's write");

        Check(WithCctor<int>.Make() == 1, "static method of a class with a precise .cctor");
        Check(Log.Order == "cctor Int32;ctor;", "the .cctor ran before Make: " + Log.Order);
        Check(WithCctor<int>.Initialized == 42, "cctor ran before the first read");
        Check(new WithCctor<short>().Seen == 1, "constructor of WithCctor<short>");
        Check(Log.Order == "cctor Int32;ctor;cctor Int16;ctor;", "the .cctor ran before the constructor: " + Log.Order);
        Check(WithCctor<int>.Tag == "cctor of Int32", "cctor of the right instantiation");
        Check(WithCctor<double>.Tag == "cctor of Double", "second instantiation's cctor");

        var cl = new Counter<long>();
        var cd = new Counter<double>();
        for (int i = 0; i < 10; i++) { cl.Bump(); if (i % 2 == 0) cd.Bump(); }
        Check(cl.Total() == 55 && PerType<long>.Count == 10, "Counter<long>");
        Check(PerType<double>.Sum == 15 && PerType<double>.Count == 5, "Counter<double>");

        for (int round = 0; round < 300; round++)
        {
            PerType<string>.Name = "round" + round;
            var junk = new object[64];
            junk[round % 64] = "x" + round;
        }
        GC.Collect();
        Check(PerType<string>.Name == "round299", "GC static survives collections");
        Check((string)Reflect(typeof(PerType<string>), "Name") == "round299", "reflection after GC");
        Check(PerType<int>.Count == 5 && PerType<int>.Last == 99, "int statics intact");

        Console.WriteLine(failures == 0 ? "generics_statics ok" : "generics_statics FAILED");
        return failures == 0 ? 100 : 1;
    }
}
