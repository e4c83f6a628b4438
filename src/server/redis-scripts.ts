// The Lua scripts of RedisLobbyStore: each runs atomically in Redis, so two instances never hand out one id,
// overfill a lobby or both reap one dead instance. Keys are derived from ARGV[1], the prefix (single Redis, not
// Redis Cluster). Layout:
//   P.."lobbies"            set of lobby names (its size is the maxLobbies count)
//   P.."lobby:"..name       hash: mesh "1"/"0", sealed "1"/"0"
//   P.."members:"..name     hash: member id -> instance
//   P.."homes:"..instance   set of "name\nid": the members an instance holds, for reaping it
//   P.."peers"              hash: instance -> sockets admitted (their sum is the maxPeers count)
//   P.."instances"          set of registered instances; P.."alive:"..instance expires unless heartbeaten

// Removes member `id` of lobby `name` if `owner` holds it (a resumed seat moves to another instance), and the
// lobby when it is the host or the last member; returns {hostLeft, mesh, others...}.
const REMOVE = `
local function remove(p, name, id, owner)
  local members = p .. "members:" .. name
  if redis.call("HGET", members, id) ~= owner then return nil end
  redis.call("HDEL", members, id)
  local lobby = p .. "lobby:" .. name
  local mesh = redis.call("HGET", lobby, "mesh") or "1"
  local others = redis.call("HGETALL", members)
  local hostLeft = "0"
  if id == "1" then hostLeft = "1" end
  if id == "1" or #others == 0 then
    redis.call("DEL", members, lobby)
    redis.call("SREM", p .. "lobbies", name)
    for i = 1, #others, 2 do redis.call("SREM", p .. "homes:" .. others[i + 1], name .. "\\n" .. others[i]) end
  end
  local out = { hostLeft, mesh }
  for i = 1, #others do out[#out + 1] = others[i] end
  return out
end
`;

/** ARGV: prefix, name ("" creates), mesh "1"/"0", instance, maxLobbies, maxPeersPerLobby, new name, candidate ids… */
export const JOIN = `
local p, name, mesh, instance = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
if name == "" then
  if redis.call("SCARD", p .. "lobbies") >= tonumber(ARGV[5]) then return { "refused", "TOO_MANY_LOBBIES" } end
  name = ARGV[7]
  if redis.call("SADD", p .. "lobbies", name) == 0 then return { "taken" } end
  redis.call("HSET", p .. "lobby:" .. name, "mesh", mesh, "sealed", "0")
  redis.call("HSET", p .. "members:" .. name, "1", instance)
  redis.call("SADD", p .. "homes:" .. instance, name .. "\\n1")
  return { "created", name, "1", mesh }
end
local lobby = p .. "lobby:" .. name
local kind = redis.call("HGET", lobby, "mesh")
if not kind then return { "refused", "LOBBY_DOES_NOT_EXIST" } end
if redis.call("HGET", lobby, "sealed") == "1" then return { "refused", "LOBBY_IS_SEALED" } end
local members = p .. "members:" .. name
if redis.call("HLEN", members) >= tonumber(ARGV[6]) then return { "refused", "LOBBY_FULL" } end
local id = nil
for i = 8, #ARGV do
  if redis.call("HEXISTS", members, ARGV[i]) == 0 then id = ARGV[i]; break end
end
if not id then return { "taken" } end
local out = { "joined", name, id, kind }
local others = redis.call("HGETALL", members)
for i = 1, #others do out[#out + 1] = others[i] end
redis.call("HSET", members, id, instance)
redis.call("SADD", p .. "homes:" .. instance, name .. "\\n" .. id)
return out
`;

/** ARGV: prefix, name, id, instance. Returns {hostLeft, mesh, others…} or nil when it was not a member. */
export const LEAVE = `${REMOVE}
local out = remove(ARGV[1], ARGV[2], ARGV[3], ARGV[4])
if out then redis.call("SREM", ARGV[1] .. "homes:" .. ARGV[4], ARGV[2] .. "\\n" .. ARGV[3]) end
return out
`;

/**
 * Resume extension. ARGV: prefix, name, id, mesh, instance, maxLobbies, maxPeersPerLobby. Gives seat `id` back:
 * {"joined"|"created", name, id, mesh, previous holder or "", others…}, or {"refused", reason}.
 */
export const RESUME = `
local p, name, id, mesh, instance = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local lobby, members = p .. "lobby:" .. name, p .. "members:" .. name
local kind, created = redis.call("HGET", lobby, "mesh"), "joined"
if not kind then
  if redis.call("SCARD", p .. "lobbies") >= tonumber(ARGV[6]) then return { "refused", "TOO_MANY_LOBBIES" } end
  redis.call("SADD", p .. "lobbies", name)
  redis.call("HSET", lobby, "mesh", mesh, "sealed", "0")
  kind, created = mesh, "created"
end
if kind ~= mesh then return { "refused", "RESUME_REFUSED" } end
local previous = redis.call("HGET", members, id)
if not previous then
  if redis.call("HGET", lobby, "sealed") == "1" then return { "refused", "LOBBY_IS_SEALED" } end
  if redis.call("HLEN", members) >= tonumber(ARGV[7]) then return { "refused", "LOBBY_FULL" } end
elseif previous ~= instance then
  redis.call("SREM", p .. "homes:" .. previous, name .. "\\n" .. id)
end
local out = { created, name, id, kind, previous or "" }
local others = redis.call("HGETALL", members)
for i = 1, #others, 2 do
  if others[i] ~= id then out[#out + 1] = others[i]; out[#out + 1] = others[i + 1] end
end
redis.call("HSET", members, id, instance)
redis.call("SADD", p .. "homes:" .. instance, name .. "\\n" .. id)
return out
`;

/** ARGV: prefix, name. Returns "gone", "sealed" (already), or {members…} after sealing it. */
export const SEAL = `
local lobby = ARGV[1] .. "lobby:" .. ARGV[2]
local sealed = redis.call("HGET", lobby, "sealed")
if not sealed then return "gone" end
if sealed == "1" then return "sealed" end
redis.call("HSET", lobby, "sealed", "1")
return redis.call("HGETALL", ARGV[1] .. "members:" .. ARGV[2])
`;

/** ARGV: prefix, instance, maxPeers. Takes a slot: 1, or 0 when every instance's sockets add up to maxPeers. */
export const ADMIT = `
local total = 0
for _, count in ipairs(redis.call("HVALS", ARGV[1] .. "peers")) do total = total + tonumber(count) end
if total >= tonumber(ARGV[3]) then return 0 end
redis.call("HINCRBY", ARGV[1] .. "peers", ARGV[2], 1)
return 1
`;

/**
 * ARGV: prefix, instance. Unregisters a dead instance (nil if another reaper got there first) and removes every
 * member it held: returns {{name, id, hostLeft, mesh, others…}…} for the survivors to announce.
 */
export const REAP = `${REMOVE}
local p, dead = ARGV[1], ARGV[2]
if redis.call("SREM", p .. "instances", dead) == 0 then return nil end
local homes = redis.call("SMEMBERS", p .. "homes:" .. dead)
redis.call("DEL", p .. "homes:" .. dead)
redis.call("HDEL", p .. "peers", dead)
local gone = {}
for _, home in ipairs(homes) do
  local cut = string.find(home, "\\n", 1, true)
  local name, id = string.sub(home, 1, cut - 1), string.sub(home, cut + 1)
  local out = remove(p, name, id, dead)
  if out then
    local entry = { name, id }
    for i = 1, #out do entry[#entry + 1] = out[i] end
    gone[#gone + 1] = entry
  end
end
return gone
`;
