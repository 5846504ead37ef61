// Arrays of structs: ldelem/stelem/ldelema of struct element types, with
// object references inside the elements (stores go through the write
// barrier), sorted in place and copied, while the GC runs (garbage in the
// loops; under DOTNET_GCgen0size=0x10000 it collects many times). Odd-sized
// elements check the element size (the runtime's component size).
//
// kiln-expect-compiled: ValueTypesArrays:Fill(
// kiln-expect-compiled: ValueTypesArrays:SortByKey(
// kiln-expect-compiled: ValueTypesArrays:CopyAll(
// kiln-expect-compiled: ValueTypesArrays:Bump(
// kiln-expect-compiled: ValueTypesArrays:Describe(
// kiln-expect-compiled: ValueTypesArrays:OddSizes(
using System;

struct Entry
{
    public string Key;
    public int Value;
    public object Extra;
}

struct Rgb
{
    public byte R, G, B;
}

struct Wide
{
    public long A, B, C;
    public int D;
}

static class ValueTypesArrays
{
    static Entry[] Fill(int n)
    {
        Entry[] a = new Entry[n];
        for (int i = 0; i < n; i++)
        {
            Entry e;
            e.Key = "k" + ((i * 7919) % n);
            e.Value = i;
            e.Extra = "x" + (i % 50);
            a[i] = e;
        }
        return a;
    }

    static void SortByKey(Entry[] a)
    {
        for (int i = 1; i < a.Length; i++)
        {
            Entry x = a[i];
            int j = i - 1;
            while (j >= 0 && string.CompareOrdinal(a[j].Key, x.Key) > 0)
            {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = x;
            object junk = new int[16];
            if (junk == null) return;
        }
    }

    static Entry[] CopyAll(Entry[] a)
    {
        Entry[] b = new Entry[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            b[i] = a[i];
            object junk = new int[8];
            if (junk == null) return null;
        }
        return b;
    }

    static void Bump(Entry[] a, int k)
    {
        for (int i = 0; i < a.Length; i++)
        {
            a[i].Value += k;
            a[i].Key = a[i].Key + "!";
        }
    }

    static string Describe(Entry[] a, int i)
    {
        return a[i].Key + "=" + a[i].Value + "/" + ((string)a[i].Extra).Length;
    }

    static long OddSizes(int n)
    {
        Rgb[] px = new Rgb[n];
        Wide[] w = new Wide[n];
        for (int i = 0; i < n; i++)
        {
            px[i].R = (byte)i;
            px[i].G = (byte)(i * 3);
            px[i].B = (byte)(i * 7);
            Wide v;
            v.A = i;
            v.B = (long)i << 33;
            v.C = -i;
            v.D = i * 5;
            w[i] = v;
        }
        long s = 0;
        for (int i = 0; i < n; i++)
        {
            Rgb p = px[i];
            Wide v = w[i];
            s += p.R + p.G * 256 + p.B * 65536 + v.A + (v.B >> 30) + v.C + v.D;
        }
        return s;
    }

    static int Main()
    {
        Entry[] a = Fill(600);
        SortByKey(a);
        Entry[] b = CopyAll(a);
        Bump(a, 1000);
        Console.WriteLine(Describe(a, 0));
        Console.WriteLine(Describe(a, 299));
        Console.WriteLine(Describe(b, 0));
        Console.WriteLine(Describe(b, 599));
        Console.WriteLine(OddSizes(300));
        try
        {
            Console.WriteLine(Describe(a, 600));
        }
        catch (IndexOutOfRangeException)
        {
            Console.WriteLine("out of range");
        }
        return 100;
    }
}
