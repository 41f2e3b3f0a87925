// node-zendesk against profile-merge-server: a PUT creates a profile (through the
// client's generic request method), the client reads the user and the identities
// that the PUT's effects created (users.show, useridentities.list), then PATCHes
// the profile. Usage: node node_zendesk_test.js http://127.0.0.1:PORT
'use strict';
const assert = require('node:assert/strict');
const zendesk = require('node-zendesk');

async function main() {
  const client = zendesk.createClient({
    username: 'devs@coolbikes.com',
    token: '6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv',
    endpointUri: `${process.argv[2]}/api/v2`,
  });
  const identifier = 'coolbikes:rider:email:nz.rider@example.com';

  const created = await client.users.request('PUT', ['user_profiles', {identifier}], {
    profile: {
      name: 'Node Rider',
      identifiers: [{type: 'email', value: 'NZ.Rider@example.com'}, {type: 'twitter', value: 'nzrider'}],
      attributes: {saddle_height: '80cm'},
    },
  });
  assert.equal(created.response.status, 201);
  const profile = created.result.profile;
  assert.equal(profile.name, 'Node Rider');

  const user = await client.users.show(profile.user_id);
  assert.equal(String(user.result.id), profile.user_id);
  assert.equal(user.result.name, 'Node Rider');
  assert.equal(user.result.email, 'nz.rider@example.com');

  const identities = await client.useridentities.list(profile.user_id);
  assert.deepEqual(identities.map(i => [i.type, i.value]),
                   [['email', 'nz.rider@example.com'], ['twitter', 'nzrider']]);

  const patched = await client.users.request('PATCH', ['user_profiles', {identifier}],
                                             {profile: {attributes: {saddle_height: '82cm'}}});
  assert.equal(patched.response.status, 200);
  assert.equal(patched.result.profile.attributes.saddle_height, '82cm');
  assert.equal(patched.result.profile.id, profile.id);
  console.log('node-zendesk: PUT 201, users.show, useridentities.list, PATCH 200');
}

main().catch(error => {
  console.error(error.stack || error, error.result ? JSON.stringify(error.result) : '');
  process.exit(1);
});
