import type { Db, DbTx } from "@kefu/db";
import { DomainError, notFound } from "@kefu/domain";
import { isUniqueViolation } from "../platform/prisma-errors.ts";

const nameTaken = () => new DomainError("CONFLICT", "team_name_taken", "A team with this name already exists.");

export async function listTeams(db: DbTx, tenantId: string) {
  const teams = await db.team.findMany({
    where: { tenantId },
    orderBy: { name: "asc" },
    select: {
      id: true,
      name: true,
      members: { select: { membership: { select: { id: true, presence: true, user: { select: { name: true, email: true } } } } } },
    },
  });
  return teams.map((team) => ({
    id: team.id,
    name: team.name,
    members: team.members.map(({ membership }) => ({
      membershipId: membership.id,
      name: membership.user.name,
      email: membership.user.email,
      presence: membership.presence,
    })),
  }));
}

export async function createTeam(db: Db, tenantId: string, name: string) {
  try {
    return await db.team.create({ data: { tenantId, name }, select: { id: true, name: true } });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
}

export async function findTeam(db: DbTx, tenantId: string, id: string) {
  const team = await db.team.findFirst({ where: { id, tenantId }, select: { id: true, name: true } });
  if (!team) throw notFound("team");
  return team;
}

export async function renameTeam(db: Db, tenantId: string, id: string, name: string) {
  await findTeam(db, tenantId, id);
  try {
    await db.team.updateMany({ where: { id, tenantId }, data: { name } });
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
  return findTeam(db, tenantId, id);
}

export async function deleteTeam(db: Db, tenantId: string, id: string) {
  await findTeam(db, tenantId, id);
  await db.team.deleteMany({ where: { id, tenantId } });
  return { id };
}

async function findMembership(db: DbTx, tenantId: string, membershipId: string) {
  const membership = await db.membership.findFirst({ where: { id: membershipId, tenantId }, select: { id: true } });
  if (!membership) throw notFound("member");
  return membership;
}

export async function addTeamMember(db: Db, tenantId: string, teamId: string, membershipId: string) {
  await findTeam(db, tenantId, teamId);
  await findMembership(db, tenantId, membershipId);
  // Adding someone twice is not an error: the result is the same team.
  await db.teamMember.upsert({
    where: { teamId_membershipId: { teamId, membershipId } },
    create: { tenantId, teamId, membershipId },
    update: {},
  });
  return { teamId, membershipId };
}

export async function removeTeamMember(db: Db, tenantId: string, teamId: string, membershipId: string) {
  await findTeam(db, tenantId, teamId);
  await db.teamMember.deleteMany({ where: { tenantId, teamId, membershipId } });
  return { teamId, membershipId };
}
