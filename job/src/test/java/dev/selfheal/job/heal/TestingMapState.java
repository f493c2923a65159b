package dev.selfheal.job.heal;

import org.apache.flink.api.common.state.MapState;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** One key's map state in memory, for HEAL's collaborators without a Flink harness. */
final class TestingMapState<K, V> implements MapState<K, V> {
    final Map<K, V> map = new LinkedHashMap<>();

    @Override
    public V get(K key) {
        return map.get(key);
    }

    @Override
    public void put(K key, V value) {
        map.put(key, value);
    }

    @Override
    public void putAll(Map<K, V> values) {
        map.putAll(values);
    }

    @Override
    public void remove(K key) {
        map.remove(key);
    }

    @Override
    public boolean contains(K key) {
        return map.containsKey(key);
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
        return new java.util.ArrayList<>(map.entrySet());
    }

    @Override
    public Iterable<K> keys() {
        return new java.util.ArrayList<>(map.keySet());
    }

    @Override
    public Iterable<V> values() {
        return new java.util.ArrayList<>(map.values());
    }

    @Override
    public Iterator<Map.Entry<K, V>> iterator() {
        return entries().iterator();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public void clear() {
        map.clear();
    }
}
