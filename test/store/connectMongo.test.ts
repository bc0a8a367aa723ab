import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { createSilentLogger } from '../../server/logger';
import { connectMongo, databaseNameOf } from '../../server/store/connectMongo';
import { withDatabase } from '../support/testStore';

describe('which database MONGODB_URI selects', () => {
  const suiteUri = process.env.TEST_MONGODB_URI!;
  const named = `t_uridb_${randomUUID().slice(0, 8)}`;
  const fallback = `t_uridefault_${randomUUID().slice(0, 8)}`;
  let client: MongoClient;
  beforeAll(async () => {
    client = await new MongoClient(suiteUri).connect();
  });
  afterAll(async () => {
    await client.db(named).dropDatabase();
    await client.db(fallback).dropDatabase();
    await client.close();
  });

  it("uses the database the URI's path names, not MONGODB_DB, and stores its data there", async () => {
    const connection = await connectMongo(withDatabase(suiteUri, named), fallback, createSilentLogger());
    try {
      expect(connection.db.databaseName).toBe(named);
      await connection.db.collection('probe').insertOne({ written: 'through the named database' });
    } finally {
      await connection.close();
    }
    expect(await client.db(named).collection('probe').countDocuments()).toBe(1);
    expect(await client.db(fallback).collection('probe').countDocuments()).toBe(0);
  });

  it('uses MONGODB_DB when the URI names no database', async () => {
    const connection = await connectMongo(withDatabase(suiteUri, ''), fallback, createSilentLogger());
    try {
      expect(connection.db.databaseName).toBe(fallback);
    } finally {
      await connection.close();
    }
  });

  it('reads the name from every form of connection string', () => {
    expect(databaseNameOf('mongodb://127.0.0.1:27017')).toBeUndefined();
    expect(databaseNameOf('mongodb://127.0.0.1:27017/')).toBeUndefined();
    expect(databaseNameOf('mongodb://127.0.0.1:27017/?replicaSet=rs0')).toBeUndefined();
    expect(databaseNameOf('mongodb://u:p%40ss@a:1,b:2/observatory?replicaSet=rs0')).toBe('observatory');
    expect(databaseNameOf('mongodb+srv://u:p@cluster0.example.net/obs_prod?retryWrites=true')).toBe('obs_prod');
    expect(databaseNameOf('mongodb://h/my%2Ddb')).toBe('my-db');
  });
});
