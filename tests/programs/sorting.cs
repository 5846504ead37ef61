// Sorting algorithms over arrays of ints, longs, doubles, strings and
// structs: quicksort, mergesort, heapsort, insertion sort, counting sort,
// a generic sort with IComparer, all checked against each other and
// against Array.Sort.
using System;
using System.Collections.Generic;

struct Item
{
    public int Key;
    public int Seq;
}

class ByKeyThenSeq : IComparer<Item>
{
    public int Compare(Item a, Item b) { return a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Seq.CompareTo(b.Seq); }
}

static class Sorting
{
    static int failures;
    static void Check(bool ok, string what)
    {
        if (!ok) { failures++; Console.WriteLine("FAIL " + what); }
    }

    static uint state = 2463534242;
    static int Next(int bound)
    {
        state ^= state << 13; state ^= state >> 17; state ^= state << 5;
        return (int)(state % (uint)bound);
    }

    static void QuickSort(int[] a, int lo, int hi)
    {
        while (lo < hi)
        {
            int p = a[(lo + hi) >> 1], i = lo, j = hi;
            while (i <= j)
            {
                while (a[i] < p) i++;
                while (a[j] > p) j--;
                if (i <= j) { int t = a[i]; a[i] = a[j]; a[j] = t; i++; j--; }
            }
            if (j - lo < hi - i) { QuickSort(a, lo, j); lo = i; }
            else { QuickSort(a, i, hi); hi = j; }
        }
    }

    static void MergeSort(long[] a, long[] tmp, int lo, int hi)
    {
        if (hi - lo < 2) return;
        int mid = (lo + hi) / 2;
        MergeSort(a, tmp, lo, mid);
        MergeSort(a, tmp, mid, hi);
        int i = lo, j = mid, k = lo;
        while (i < mid && j < hi) tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
        while (i < mid) tmp[k++] = a[i++];
        while (j < hi) tmp[k++] = a[j++];
        Array.Copy(tmp, lo, a, lo, hi - lo);
    }

    static void HeapSort(double[] a)
    {
        int n = a.Length;
        for (int i = n / 2 - 1; i >= 0; i--) Sift(a, i, n);
        for (int end = n - 1; end > 0; end--)
        {
            double t = a[0]; a[0] = a[end]; a[end] = t;
            Sift(a, 0, end);
        }
    }

    static void Sift(double[] a, int root, int n)
    {
        while (true)
        {
            int child = 2 * root + 1;
            if (child >= n) return;
            if (child + 1 < n && a[child + 1] > a[child]) child++;
            if (a[root] >= a[child]) return;
            double t = a[root]; a[root] = a[child]; a[child] = t;
            root = child;
        }
    }

    static void InsertionSort<T>(T[] a, IComparer<T> cmp)
    {
        for (int i = 1; i < a.Length; i++)
        {
            T v = a[i];
            int j = i - 1;
            while (j >= 0 && cmp.Compare(a[j], v) > 0) { a[j + 1] = a[j]; j--; }
            a[j + 1] = v;
        }
    }

    static int[] CountingSort(int[] a, int max)
    {
        int[] counts = new int[max + 1];
        foreach (int v in a) counts[v]++;
        int[] r = new int[a.Length];
        int k = 0;
        for (int v = 0; v <= max; v++) for (int c = 0; c < counts[v]; c++) r[k++] = v;
        return r;
    }

    static bool Sorted<T>(T[] a, Comparison<T> cmp)
    {
        for (int i = 1; i < a.Length; i++) if (cmp(a[i - 1], a[i]) > 0) return false;
        return true;
    }

    static int Main()
    {
        int n = 20000;
        int[] ints = new int[n];
        for (int i = 0; i < n; i++) ints[i] = Next(100000);
        int[] q = (int[])ints.Clone();
        QuickSort(q, 0, q.Length - 1);
        int[] reference = (int[])ints.Clone();
        Array.Sort(reference);
        int[] counted = CountingSort(ints, 99999);
        bool same = true;
        for (int i = 0; i < n; i++) if (q[i] != reference[i] || counted[i] != reference[i]) same = false;
        Check(same && Sorted(q, (a, b) => a.CompareTo(b)), "quicksort = Array.Sort = counting sort");

        long[] longs = new long[n];
        for (int i = 0; i < n; i++) longs[i] = ((long)Next(1 << 30) << 20) - (1L << 45);
        MergeSort(longs, new long[n], 0, n);
        Check(Sorted(longs, (a, b) => a.CompareTo(b)), "mergesort longs");

        double[] doubles = new double[n];
        for (int i = 0; i < n; i++) doubles[i] = Math.Sin(i) * 1000;
        HeapSort(doubles);
        Check(Sorted(doubles, (a, b) => a.CompareTo(b)) && doubles[0] >= -1000 && doubles[n - 1] <= 1000, "heapsort doubles");

        Item[] items = new Item[2000];
        for (int i = 0; i < items.Length; i++) { items[i].Key = Next(50); items[i].Seq = i; }
        InsertionSort(items, new ByKeyThenSeq());
        Check(Sorted(items, (a, b) => new ByKeyThenSeq().Compare(a, b)), "insertion sort of structs");

        string[] words = "the quick brown fox jumps over the lazy dog and keeps running far away".Split(' ');
        Array.Sort(words, string.CompareOrdinal);
        Console.WriteLine(string.Join(" ", words));
        Check(words[0] == "and" && words[words.Length - 1] == "the", "string sort");

        var list = new List<Item>(items);
        list.Sort((a, b) => b.Key.CompareTo(a.Key) != 0 ? b.Key.CompareTo(a.Key) : a.Seq.CompareTo(b.Seq));
        Check(list[0].Key == 49 && list[list.Count - 1].Key == 0, "List.Sort with comparison");

        long checksum = 0;
        for (int i = 0; i < n; i += 97) checksum = checksum * 31 + q[i];
        Console.WriteLine("checksum " + checksum + " min " + q[0] + " max " + q[n - 1]);

        Console.WriteLine(failures == 0 ? "sorting ok" : "sorting FAILED");
        return failures == 0 ? 100 : 1;
    }
}
