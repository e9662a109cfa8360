// What the app keeps on the device: the last Today names a habit before the server answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalStore, habitFromLastToday, todayKey } from '../../webapp/store.js';
import { MemoryStorage } from './memory-storage.mjs';

const today = {
  date: '2026-12-07',
  items: [
    { habit: { id: 'h1', name: 'Read' }, due: true, status: 'none', log: null },
    { habit: { id: 'h2', name: 'Gym' }, due: true, status: 'completed', log: null },
  ],
};

test('a habit of the last Today is known by its id, for that person only', () => {
  const store = new LocalStore(new MemoryStorage());
  store.set(todayKey('u1'), { etag: '"1"', body: today });
  assert.equal(habitFromLastToday(store, 'u1', 'h2').name, 'Gym');
  assert.equal(habitFromLastToday(store, 'u1', 'h3'), null);
  assert.equal(habitFromLastToday(store, 'u2', 'h1'), null);
});

test('no Today kept, or one that is not what the app wrote, knows no habit', () => {
  const storage = new MemoryStorage();
  const store = new LocalStore(storage);
  assert.equal(habitFromLastToday(store, 'u1', 'h1'), null);
  assert.equal(habitFromLastToday(store, undefined, 'h1'), null);
  storage.setItem(todayKey('u1'), '{not json');
  assert.equal(habitFromLastToday(store, 'u1', 'h1'), null);
  store.set(todayKey('u1'), { body: { items: 'none' } });
  assert.equal(habitFromLastToday(store, 'u1', 'h1'), null);
  store.set(todayKey('u1'), { body: { items: [null, { habit: null }] } });
  assert.equal(habitFromLastToday(store, 'u1', 'h1'), null);
});
